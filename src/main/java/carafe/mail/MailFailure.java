package carafe.mail;

/** A mail was not handed on (server unreachable, refused, authentication failed, disk full, ...). */
public final class MailFailure extends Exception {
    public MailFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
