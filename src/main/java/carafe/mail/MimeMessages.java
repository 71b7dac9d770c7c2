package carafe.mail;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;

/** Builds the RFC 822 message both mailers send: multipart/alternative, plain text first, then HTML. */
final class MimeMessages {
    private static final String UTF_8 = StandardCharsets.UTF_8.name();

    private MimeMessages() {}

    static MimeMessage build(Session session, InternetAddress from, Mail mail, String messageId, Instant sentAt)
            throws MessagingException {
        var message = new FixedIdMessage(session, messageId);
        message.setFrom(from);
        // Mail has already refused anything but one bare address, so no header can be smuggled in.
        message.setRecipient(Message.RecipientType.TO, new InternetAddress(mail.to(), true));
        message.setSubject(mail.subject(), UTF_8);
        message.setSentDate(Date.from(sentAt));
        // RFC 3834: an automatic mail; out-of-office responders should not answer it.
        message.setHeader("Auto-Submitted", "auto-generated");

        var text = new MimeBodyPart();
        text.setText(mail.text(), UTF_8, "plain");
        var html = new MimeBodyPart();
        html.setText(mail.html(), UTF_8, "html");
        // Readers show the last part they can display: HTML where they can, else the text.
        message.setContent(new MimeMultipart("alternative", text, html));
        message.saveChanges();
        return message;
    }

    /** Keeps the Message-ID the queue chose instead of making a new one at every save. */
    private static final class FixedIdMessage extends MimeMessage {
        private final String messageId;

        FixedIdMessage(Session session, String messageId) {
            super(session);
            this.messageId = messageId;
        }

        @Override
        protected void updateMessageID() throws MessagingException {
            setHeader("Message-ID", messageId);
        }
    }
}
