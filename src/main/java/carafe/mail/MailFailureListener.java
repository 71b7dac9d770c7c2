package carafe.mail;

/**
 * Told of every mail the queue gives up on (its last attempt failed), e.g. to count them. Runs on the
 * mail worker's thread, so it must be quick and must not throw.
 */
@FunctionalInterface
public interface MailFailureListener {
    void gaveUp();
}
