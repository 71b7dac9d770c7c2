package carafe.support;

/**
 * A test's account, signed in: its own browser ({@link Client}, with the session cookie and CSRF token),
 * its id, email and password. Made by {@link CarafeServer#signUp} and {@link CarafeServer#signUpAdmin}.
 */
public record Member(Client client, long id, String email, String password) {}
