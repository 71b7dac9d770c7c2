package carafe.passkeys;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.validation.constraints.NotNull;

/** {@code POST /api/auth/passkey}: the browser's {@code credential.toJSON()}, and "remember me". */
public record PasskeySignIn(@NotNull(message = "is required") JsonNode credential, Boolean remember,
                            Boolean rememberDevice) {
    boolean rememberMe() {
        return Boolean.TRUE.equals(remember);
    }

    boolean rememberThisDevice() {
        return Boolean.TRUE.equals(rememberDevice);
    }
}
