package carafe.support;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.URI;

/** Reading what Carafe mailed, as a person would: the plain-text part and the links in it. */
public final class Mails {
    private Mails() {}

    /** The decoded text/plain part (the whole body when the mail is not multipart). */
    public static String text(MimeMessage message) {
        try {
            Object content = message.getContent();
            if (content instanceof String text) return text;
            var multipart = (Multipart) content;
            for (int i = 0; i < multipart.getCount(); i++) {
                BodyPart part = multipart.getBodyPart(i);
                if (part.isMimeType("text/plain")) return (String) part.getContent();
            }
            throw new AssertionError("no text/plain part in " + message.getContentType());
        } catch (MessagingException | IOException e) {
            throw new AssertionError("unreadable mail", e);
        }
    }

    /** The path of the first link in the text part whose path starts with {@code prefix}, e.g. "/reset/". */
    public static String linkPath(MimeMessage message, String prefix) {
        String url = Html.firstGroup(text(message), "(https?://\\S+" + java.util.regex.Pattern.quote(prefix) + "\\S+)");
        return URI.create(url).getPath();
    }

    /** The token at the end of a link such as {@code /confirm/TOKEN}. */
    public static String token(MimeMessage message, String prefix) {
        String path = linkPath(message, prefix);
        assertThat(path).startsWith(prefix);
        return path.substring(prefix.length());
    }

    public static String subject(MimeMessage message) {
        try {
            return message.getSubject();
        } catch (MessagingException e) {
            throw new AssertionError(e);
        }
    }
}
