package carafe.notes;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** What a client sends to create or replace a note. A missing body is an empty one. */
public record NoteRequest(
        @NotBlank(message = "is required") @Size(max = 200, message = "must be at most {max} characters") String title,
        @Size(max = 100_000, message = "must be at most {max} characters") String body) {

    public String bodyOrEmpty() {
        return body == null ? "" : body;
    }
}
