package carafe.web;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

/**
 * Where a page of a listing ended: the (created_at, id) of its last row. The next page is every row
 * strictly older than that, so rows added or deleted in between cannot shift the pages (keyset
 * pagination, not OFFSET). Opaque to clients: base64url of {@code millis.id}. Every listing ordered
 * newest first by (created_at, id) pages with it: the notes and the generated resources.
 */
public record PageCursor(Instant createdAt, long id) {
    /** Times every database stores: a cursor outside them was not handed out by this API. */
    private static final Instant EARLIEST = Instant.EPOCH;
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999Z");

    public String encode() {
        String plain = createdAt.toEpochMilli() + "." + id;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.US_ASCII));
    }

    /** Decodes a cursor from a client; anything this API did not hand out is a 422 on {@code cursor}. */
    public static PageCursor decode(String cursor) {
        try {
            String plain = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.US_ASCII);
            int dot = plain.indexOf('.');
            var decoded = new PageCursor(Instant.ofEpochMilli(Long.parseLong(plain.substring(0, dot))),
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
