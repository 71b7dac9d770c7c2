package carafe.notes;

import carafe.web.ValidationFailed;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

/**
 * Where a page ended: the (created_at, id) of its last note. The next page is every note strictly
 * older than that, so notes added or deleted in between cannot shift the pages (keyset pagination,
 * not OFFSET). Opaque to clients: base64url of {@code millis.id}.
 */
record NoteCursor(Instant createdAt, long id) {
    /** Times every database stores: a cursor outside them was not handed out by this API. */
    private static final Instant EARLIEST = Instant.EPOCH;
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999Z");

    static NoteCursor after(Note note) {
        return new NoteCursor(note.createdAt(), note.id());
    }

    String encode() {
        String plain = createdAt.toEpochMilli() + "." + id;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.US_ASCII));
    }

    /** Decodes a cursor from a client; anything this API did not hand out is a 422 on {@code cursor}. */
    static NoteCursor decode(String cursor) {
        try {
            String plain = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.US_ASCII);
            int dot = plain.indexOf('.');
            var decoded = new NoteCursor(Instant.ofEpochMilli(Long.parseLong(plain.substring(0, dot))),
                    Long.parseLong(plain.substring(dot + 1)));
            if (decoded.createdAt.isBefore(EARLIEST) || decoded.createdAt.isAfter(LATEST) || decoded.id < 1
                    || !decoded.encode().equals(cursor)) {
                throw new IllegalArgumentException("not a cursor this API hands out");
            }
            return decoded;
        } catch (RuntimeException e) {
            throw new ValidationFailed("cursor", "is not a cursor from this API");
        }
    }
}
