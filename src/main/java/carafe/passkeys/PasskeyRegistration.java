package carafe.passkeys;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** {@code POST /api/account/passkeys}: what the browser's {@code credential.toJSON()} gave, and a name for it. */
public record PasskeyRegistration(
        @Size(max = 100, message = "must be at most {max} characters") String name,
        @NotNull(message = "is required") JsonNode credential) {}
