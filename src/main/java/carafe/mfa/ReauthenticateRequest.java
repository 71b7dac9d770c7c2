package carafe.mfa;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.validation.constraints.Size;
import java.util.HashMap;
import java.util.Map;

/**
 * {@code POST /api/auth/reauthenticate}: the password, a code from the authenticator app, or a passkey's
 * assertion (its {@code toJSON()}, from the options of {@code POST /api/auth/passkey/options}).
 */
public record ReauthenticateRequest(
        @Size(max = 4096, message = "is too long") String password,
        @Size(max = 64, message = "is too long") String code,
        JsonNode credential) {

    /** The second-factor proofs by field; absent ones are null. */
    Map<String, String> proofs() {
        var proofs = new HashMap<String, String>();
        proofs.put("code", code);
        proofs.put("credential", credential == null || credential.isNull() ? null : credential.toString());
        return proofs;
    }

    boolean hasPassword() {
        return password != null && !password.isEmpty();
    }
}
