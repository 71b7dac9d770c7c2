package carafe.mail;

import static carafe.db.schema.Tables.MAIL_QUEUE;
import static org.assertj.core.api.Assertions.assertThat;

import carafe.support.CarafeServer;
import carafe.support.Eventually;
import carafe.support.LogCapture;
import ch.qos.logback.classic.Level;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Without CARAFE_SMTP_URL (the development default) mail goes to .eml files in the outbox folder. */
class OutboxTest {
    @RegisterExtension
    static final CarafeServer server = new CarafeServer();

    @Test
    void each_mail_is_written_as_an_eml_file_that_mail_programs_can_read_and_its_path_is_logged() throws Exception {
        String to = CarafeServer.uniqueEmail("ada");
        URI link = URI.create("https://app.example.com/reset/T0ken?x=1&y=2");
        Path outbox = server.dataDir().resolve("outbox");

        try (var log = LogCapture.of("carafe.mail")) {
            server.app().accountMails().passwordReset(to, "Ada", link);

            Eventually.until("a mail is in " + outbox, () -> !emlFiles(outbox).isEmpty());
            Path file = emlFiles(outbox).getFirst();
            MimeMessage mail;
            try (InputStream in = Files.newInputStream(file)) {
                mail = new MimeMessage(Session.getInstance(new Properties()), in);
            }
            assertThat(mail.getFrom()).containsExactly(new InternetAddress("Carafe <no-reply@localhost>"));
            assertThat(mail.getRecipients(MimeMessage.RecipientType.TO)).containsExactly(new InternetAddress(to));
            assertThat(mail.getSubject()).isEqualTo("Reset your password");
            assertThat(mail.getMessageID()).isNotBlank();
            var parts = (MimeMultipart) mail.getContent();
            assertThat(parts.getContentType()).startsWith("multipart/alternative");
            assertThat((String) parts.getBodyPart(0).getContent()).contains(link.toString());
            assertThat((String) parts.getBodyPart(1).getContent()).contains("x=1&amp;y=2");

            Eventually.until("the outbox path is logged", () -> log.messages(Level.INFO).stream()
                    .anyMatch(message -> message.contains(file.toString())));
        }
        Eventually.until("the written mail leaves the queue",
                () -> server.db().fetchCount(MAIL_QUEUE, MAIL_QUEUE.RECIPIENT.eq(to)) == 0);
        try (Stream<Path> files = Files.list(outbox)) {
            assertThat(files.map(Path::getFileName).map(Path::toString)).allMatch(name -> name.endsWith(".eml"));
        }
    }

    private static List<Path> emlFiles(Path folder) {
        if (!Files.isDirectory(folder)) return List.of();
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(file -> file.toString().endsWith(".eml")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
