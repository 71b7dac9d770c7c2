package carafe.passkeys;

import com.webauthn4j.verifier.exception.BadChallengeException;
import com.webauthn4j.verifier.exception.BadOriginException;
import com.webauthn4j.verifier.exception.BadRpIdException;
import com.webauthn4j.verifier.exception.BadSignatureException;
import com.webauthn4j.verifier.exception.MaliciousCounterValueException;
import com.webauthn4j.verifier.exception.NotAllowedAlgorithmException;
import com.webauthn4j.verifier.exception.NotAllowedCredentialIdException;
import com.webauthn4j.verifier.exception.UserNotPresentException;
import com.webauthn4j.verifier.exception.UserNotVerifiedException;
import com.webauthn4j.verifier.exception.VerificationException;

/**
 * Why webauthn4j refused a ceremony, in words for the audit trail and the client. Its messages may
 * quote what was received, so they are never passed on; a failure to read the JSON at all (Jackson's,
 * or a NullPointerException for a missing part) is "malformed".
 */
final class Refusals {
    private Refusals() {}

    static String reason(RuntimeException e) {
        return switch (e) {
            case BadOriginException x -> "it was made for another origin";
            case BadRpIdException x -> "it was made for another relying party";
            case BadChallengeException x -> "it answers another or a used challenge";
            case UserNotVerifiedException x -> "the authenticator did not verify the user (PIN or biometric)";
            case UserNotPresentException x -> "the authenticator did not see the user present";
            case BadSignatureException x -> "its signature is not valid";
            case MaliciousCounterValueException x -> "its signature counter went back (a cloned authenticator?)";
            case NotAllowedCredentialIdException x -> "the passkey is not one of those asked for";
            case NotAllowedAlgorithmException x -> "its algorithm is not one we accept";
            case VerificationException x -> "it did not verify";
            default -> "it is not a WebAuthn credential in JSON";
        };
    }
}
