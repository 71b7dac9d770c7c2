package carafe.auth;

/**
 * Told the outcome of every credential check, API and page login alike, e.g. to count them. Runs on
 * the request's thread, so it must be quick and must not throw.
 */
@FunctionalInterface
public interface LoginListener {
    LoginListener NONE = succeeded -> {};

    void loginAttempted(boolean succeeded);
}
