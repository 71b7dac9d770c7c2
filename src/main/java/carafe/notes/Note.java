package carafe.notes;

import carafe.web.ETags;
import java.time.Instant;

/** A note as its owner sees it (the API's JSON and the pages' model). */
public record Note(long id, String title, String body, Instant createdAt, Instant updatedAt, int version) {
    /** The entity tag: a note's version changes with every update, and only then. */
    public String etag() {
        return ETags.ofVersion(version);
    }
}
