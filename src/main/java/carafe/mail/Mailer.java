package carafe.mail;

/**
 * Hands one mail on: to an SMTP server ({@link SmtpMailer}) or, in development, to a file in the
 * outbox folder ({@link OutboxMailer}). Only the {@link MailQueue}'s worker calls it, never a request.
 */
public interface Mailer {
    /**
     * Sends {@code mail} with the given Message-ID header. The queue passes the same Message-ID on every
     * attempt at one mail, so a receiver can recognise a copy sent again after a crash.
     *
     * @throws MailFailure when the mail was not accepted; the queue tries again later
     */
    void send(Mail mail, String messageId) throws MailFailure;
}
