package carafe.mail;

import java.util.Objects;

/**
 * One mail to one person: a plain-text body and an HTML body of the same message, sent as
 * multipart/alternative. The constructor refuses a recipient or subject that could add headers, so a
 * {@code Mail} that exists is safe to send.
 *
 * @param to a single address, as {@link MailAddresses#recipient} accepts it
 * @param subject one line of at most {@value #MAX_SUBJECT_LENGTH} characters
 * @param text the plain-text body
 * @param html the HTML body
 */
public record Mail(String to, String subject, String text, String html) {
    public static final int MAX_SUBJECT_LENGTH = 255;

    public Mail {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(html, "html");
        to = MailAddresses.recipient(to);
        subject = checkSubject(subject);
    }

    private static String checkSubject(String subject) {
        if (subject == null || subject.isBlank()) throw new IllegalArgumentException("A mail needs a subject.");
        // A CR or LF would end the Subject header and start another (header injection).
        if (subject.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("A mail subject is one line without control characters.");
        }
        if (subject.length() > MAX_SUBJECT_LENGTH) {
            throw new IllegalArgumentException("A mail subject is at most " + MAX_SUBJECT_LENGTH + " characters.");
        }
        return subject;
    }
}
