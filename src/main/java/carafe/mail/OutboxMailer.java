package carafe.mail;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The development mailer, used while CARAFE_SMTP_URL is unset: writes each mail as an RFC 822
 * {@code .eml} file (which any mail program opens) into the outbox folder and logs where.
 */
public final class OutboxMailer implements Mailer {
    private static final Logger log = LoggerFactory.getLogger(OutboxMailer.class);
    private static final DateTimeFormatter FILE_TIME =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'").withZone(ZoneOffset.UTC);

    private final Path folder;
    private final InternetAddress from;
    private final Clock clock;
    private final Session session = Session.getInstance(new Properties());

    public OutboxMailer(Path folder, InternetAddress from, Clock clock) {
        this.folder = folder.toAbsolutePath().normalize();
        this.from = from;
        this.clock = clock;
    }

    @Override
    public void send(Mail mail, String messageId) throws MailFailure {
        try {
            var message = MimeMessages.build(session, from, mail, messageId, clock.instant());
            Files.createDirectories(folder);
            // Written under a temporary name, then renamed: a reader never sees half a file.
            Path partial = Files.createTempFile(folder, ".writing-", ".tmp");
            Path file;
            try {
                try (OutputStream out = Files.newOutputStream(partial)) {
                    message.writeTo(out);
                }
                String name = FILE_TIME.format(clock.instant()) + "-"
                        + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()) + ".eml";
                file = Files.move(partial, folder.resolve(name), StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(partial);
            }
            log.info("Mail \"{}\" to {} written to {} (CARAFE_SMTP_URL is not set, so mail is not sent)",
                    mail.subject(), mail.to(), file);
        } catch (MessagingException | IOException e) {
            throw new MailFailure("Outbox " + folder + ": " + Failures.describe(e), e);
        }
    }

    @Override
    public String toString() {
        return "the outbox folder " + folder;
    }
}
