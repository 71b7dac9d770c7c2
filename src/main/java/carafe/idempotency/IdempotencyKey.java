package carafe.idempotency;

import carafe.auth.SecretTokens;
import carafe.web.BadRequest;

/**
 * The value of an {@code Idempotency-Key} header. The draft (draft-ietf-httpapi-idempotency-key-header)
 * makes it a Structured Field string (RFC 8941 §3.3.3): printable ASCII in double quotes, with {@code \"}
 * and {@code \\} as the only escapes, e.g. {@code "8e03978e-40d5-43e8-bc93-6894a57f9324"}.
 */
public record IdempotencyKey(String value) {
    /** Stripe's bound, and room for any UUID, ULID or hash a client would use. */
    static final int MAX_LENGTH = 255;

    /** Reads the header's value; anything else than one quoted string of 1 to 255 characters is 400. */
    public static IdempotencyKey parse(String header) {
        String field = header.strip();
        if (field.length() < 2 || field.charAt(0) != '"' || field.charAt(field.length() - 1) != '"') {
            throw malformed();
        }
        var key = new StringBuilder(field.length());
        for (int i = 1; i < field.length() - 1; i++) {
            char c = field.charAt(i);
            if (c == '\\') {
                if (++i == field.length() - 1) throw malformed();
                c = field.charAt(i);
                if (c != '"' && c != '\\') throw malformed();
            } else if (c == '"' || c < 0x20 || c > 0x7E) {
                throw malformed();
            }
            key.append(c);
        }
        if (key.isEmpty() || key.length() > MAX_LENGTH) throw malformed();
        return new IdempotencyKey(key.toString());
    }

    /** How the key is stored: SHA-256 in hex, 64 characters whatever the client sent. */
    public String hash() {
        return SecretTokens.hash(value);
    }

    private static BadRequest malformed() {
        return new BadRequest("Idempotency-Key must be a quoted string of 1 to " + MAX_LENGTH
                + " printable ASCII characters, e.g. Idempotency-Key: \"8e03978e-40d5-43e8-bc93-6894a57f9324\".");
    }
}
