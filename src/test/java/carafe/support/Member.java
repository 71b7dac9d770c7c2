package carafe.support;

/**
 * A test's account, signed in: its own browser ({@link Client}, with the session cookie and CSRF token),
 * its id, email and password. Made by {@link CarafeServer#signUp} and {@link CarafeServer#signUpAdmin}.
 */
public record Member(Client client, long id, String email, String password) {
    /** The same account signed in over the API from a second browser: a session of its own, as on another device. */
    public Client signInOnAnotherDevice() {
        return signInOnAnotherDevice(false);
    }

    /** The same, with "remember me" ticked or not (it decides the session's timeouts). */
    public Client signInOnAnotherDevice(boolean rememberMe) {
        var device = new Client(client.base());
        var response = device.login(email, password, rememberMe);
        if (response.status() != 200) {
            throw new AssertionError("Sign-in of " + email + " answered " + response.status() + ": " + response.body());
        }
        return device;
    }
}
