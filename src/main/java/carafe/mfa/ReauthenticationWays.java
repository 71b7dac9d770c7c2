package carafe.mfa;

import carafe.auth.AuthPages;
import java.util.List;

/**
 * What /reauthenticate offers a user: only the ways they have, so an account an identity provider made is
 * not asked for a password it never had.
 *
 * @param others the buttons of other ways in (a linked identity provider's), each a form posted with next
 */
public record ReauthenticationWays(boolean password, boolean codes, boolean passkeys, List<AuthPages.WayIn> others) {
    /** The page's instruction, naming only these ways: "Enter your password, or use a passkey, and you will go on where you were.". */
    public String instruction() {
        var phrases = new java.util.ArrayList<String>();
        if (password) phrases.add("enter your password");
        if (codes) phrases.add(password ? "a code from your authenticator app" : "enter a code from your authenticator app");
        if (passkeys) phrases.add("use a passkey");
        if (!others.isEmpty()) phrases.add("confirm with an account you linked");
        if (phrases.isEmpty()) {
            // No password, factor or configured provider left (one an operator removed): a reset sets a password.
            return "Your account has no way to confirm it here: sign out, then set a password with “Forgot your password?”.";
        }
        String joined = String.join(", or ", phrases);
        return Character.toUpperCase(joined.charAt(0)) + joined.substring(1) + ", and you will go on where you were.";
    }

    /** The form's fields: a password, a code, or both. */
    public boolean form() {
        return password || codes;
    }
}
