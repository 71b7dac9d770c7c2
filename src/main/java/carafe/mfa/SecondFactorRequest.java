package carafe.mfa;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.validation.constraints.Size;
import java.util.HashMap;
import java.util.Map;

/**
 * {@code POST /api/auth/mfa}: exactly one proof (a code from the authenticator app, a recovery code, or
 * a passkey's assertion as its {@code toJSON()}) and whether to remember this browser. Sizes are bounded
 * so no megabyte reaches a hash function.
 */
public record SecondFactorRequest(
        @Size(max = 64, message = "is too long") String code,
        @Size(max = 64, message = "is too long") String recoveryCode,
        JsonNode credential,
        Boolean rememberDevice) {

    /** The proofs by the field that carries them; absent ones are null. */
    Map<String, String> proofs() {
        var proofs = new HashMap<String, String>();
        proofs.put("code", code);
        proofs.put("recoveryCode", recoveryCode);
        proofs.put("credential", credential == null || credential.isNull() ? null : credential.toString());
        return proofs;
    }

    boolean remember() {
        return Boolean.TRUE.equals(rememberDevice);
    }
}
