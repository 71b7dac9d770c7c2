package carafe.mail;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.Properties;

/** Sends mail to the SMTP server of CARAFE_SMTP_URL, one connection per mail. */
public final class SmtpMailer implements Mailer {
    private final SmtpSettings smtp;
    private final InternetAddress from;
    private final Clock clock;
    private final Session session;

    public SmtpMailer(SmtpSettings smtp, InternetAddress from, Duration timeout, Clock clock) {
        this.smtp = smtp;
        this.from = from;
        this.clock = clock;
        this.session = Session.getInstance(properties(smtp, from, timeout));
    }

    /** The Jakarta Mail session properties for these settings (visible for the settings' tests). */
    static Properties properties(SmtpSettings smtp, InternetAddress from, Duration timeout) {
        var properties = new Properties();
        String prefix = "mail." + smtp.protocol() + ".";
        properties.setProperty("mail.transport.protocol", smtp.protocol());
        properties.setProperty(prefix + "host", smtp.host());
        properties.setProperty(prefix + "port", Integer.toString(smtp.port()));
        // Jakarta Mail waits forever by default: a dead or stalled server would hold the worker.
        String millis = Long.toString(Math.min(timeout.toMillis(), Integer.MAX_VALUE));
        properties.setProperty(prefix + "connectiontimeout", millis);
        properties.setProperty(prefix + "timeout", millis);
        properties.setProperty(prefix + "writetimeout", millis);
        properties.setProperty(prefix + "auth", Boolean.toString(smtp.authenticates()));
        properties.setProperty(prefix + "from", from.getAddress()); // the envelope sender (MAIL FROM)
        // TLS: check that the certificate names the host we asked for, not merely that it is valid.
        properties.setProperty(prefix + "ssl.checkserveridentity", "true");
        if (!smtp.implicitTls()) {
            // Upgrade to TLS whenever the server offers STARTTLS; refuse to go on in the clear if required.
            properties.setProperty("mail.smtp.starttls.enable", "true");
            properties.setProperty("mail.smtp.starttls.required", Boolean.toString(smtp.requireStartTls()));
        }
        return properties;
    }

    @Override
    public void send(Mail mail, String messageId) throws MailFailure {
        try (Transport transport = session.getTransport()) {
            var message = MimeMessages.build(session, from, mail, messageId, clock.instant());
            transport.connect(smtp.host(), smtp.port(), smtp.user(), smtp.password());
            transport.sendMessage(message, message.getAllRecipients());
        } catch (MessagingException e) {
            throw new MailFailure("SMTP " + smtp.host() + ":" + smtp.port() + ": " + Failures.describe(e), e);
        }
    }

    @Override
    public String toString() {
        return "SMTP " + smtp;
    }
}
