package carafe.admin;

import carafe.web.ValidationFailed;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Where a page of users or audit events ended: the id of its last row. Ids only grow, so the next page
 * is every row with a smaller id and rows added or deleted in between cannot shift the pages (keyset
 * pagination, as {@code carafe.web.PageCursor}). Opaque to clients: base64url of {@code prefix.id}, the
 * prefix keeping a user cursor from being passed off as an audit cursor.
 */
record UserCursor(String kind, long id) {
    static final String USERS = "u";
    static final String AUDIT = "a";

    String encode() {
        String plain = kind + "." + id;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.US_ASCII));
    }

    /** Decodes a cursor from a client; anything this API did not hand out is a 422 on {@code cursor}. */
    static UserCursor decode(String kind, String cursor) {
        try {
            String plain = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.US_ASCII);
            if (!plain.startsWith(kind + ".")) throw new IllegalArgumentException("another listing's cursor");
            var decoded = new UserCursor(kind, Long.parseLong(plain.substring(kind.length() + 1)));
            if (decoded.id < 1 || !decoded.encode().equals(cursor)) {
                throw new IllegalArgumentException("not a cursor this API hands out");
            }
            return decoded;
        } catch (RuntimeException e) {
            throw new ValidationFailed("cursor", "is not a cursor from this API");
        }
    }
}
