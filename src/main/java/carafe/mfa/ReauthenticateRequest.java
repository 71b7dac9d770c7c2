package carafe.mfa;

import jakarta.validation.constraints.Size;
import java.util.HashMap;
import java.util.Map;

/** {@code POST /api/auth/reauthenticate}: the password, or a code from the authenticator app. */
public record ReauthenticateRequest(
        @Size(max = 4096, message = "is too long") String password,
        @Size(max = 64, message = "is too long") String code) {

    /** The second-factor proofs by field; absent ones are null. */
    Map<String, String> proofs() {
        var proofs = new HashMap<String, String>();
        proofs.put("code", code);
        return proofs;
    }

    boolean hasPassword() {
        return password != null && !password.isEmpty();
    }
}
