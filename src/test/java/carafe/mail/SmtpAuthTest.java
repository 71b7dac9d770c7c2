package carafe.mail;

import static carafe.db.schema.Tables.MAIL_QUEUE;
import static org.assertj.core.api.Assertions.assertThat;

import carafe.db.schema.tables.records.MailQueueRecord;
import carafe.support.CarafeServer;
import carafe.support.Eventually;
import carafe.support.MailServer;
import java.net.URI;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Credentials and STARTTLS from CARAFE_SMTP_URL, against a server that has one account. */
class SmtpAuthTest {
    private static final String LOGIN = "mailer@carafe.test";
    private static final String PASSWORD = "p@ss:w/rd+%";
    private static final String ENCODED = "mailer%40carafe.test:p%40ss%3Aw%2Frd+%25";
    private static final URI LINK = URI.create("https://app.example.com/confirm/1");

    @RegisterExtension
    @Order(1)
    static final MailServer mailServer = new MailServer().withUser(LOGIN, PASSWORD);

    @RegisterExtension
    @Order(2)
    static final CarafeServer rightPassword = new CarafeServer()
            .with("CARAFE_SMTP_URL", "smtp://" + ENCODED + "@" + MailServer.HOST + ":" + mailServer.port());

    @RegisterExtension
    @Order(3)
    static final CarafeServer wrongPassword = new CarafeServer()
            .with("CARAFE_SMTP_URL", "smtp://mailer%40carafe.test:wrong@" + MailServer.HOST + ":" + mailServer.port());

    @RegisterExtension
    @Order(4)
    static final CarafeServer startTlsRequired = new CarafeServer()
            .with("CARAFE_SMTP_URL", mailServer.smtpUrl() + "?starttls=required");

    @Test
    void the_url_decoded_user_and_password_log_in_and_the_mail_arrives() {
        String to = CarafeServer.uniqueEmail("ada");

        rightPassword.app().accountMails().emailConfirmation(to, "Ada", LINK);

        mailServer.awaitOne(to);
    }

    @Test
    void a_wrong_password_is_refused_and_the_mail_stays_queued_for_a_retry() {
        String to = CarafeServer.uniqueEmail("grace");

        wrongPassword.app().accountMails().emailConfirmation(to, "Grace", LINK);

        Eventually.until("the attempt failed", () -> failedAttempt(wrongPassword, to) != null);
        assertThat(failedAttempt(wrongPassword, to).getLastError()).containsIgnoringCase("authentication");
        assertThat(mailServer.receivedBy(to)).isEmpty();
    }

    @Test
    void with_starttls_required_nothing_is_sent_to_a_server_without_tls() {
        String to = CarafeServer.uniqueEmail("linus");

        startTlsRequired.app().accountMails().emailConfirmation(to, "Linus", LINK);

        Eventually.until("the attempt failed", () -> failedAttempt(startTlsRequired, to) != null);
        assertThat(failedAttempt(startTlsRequired, to).getLastError()).containsIgnoringCase("STARTTLS");
        assertThat(mailServer.receivedBy(to)).isEmpty();
    }

    private static MailQueueRecord failedAttempt(CarafeServer server, String to) {
        return server.db().selectFrom(MAIL_QUEUE)
                .where(MAIL_QUEUE.RECIPIENT.eq(to), MAIL_QUEUE.ATTEMPTS.eq(1), MAIL_QUEUE.LEASE_OWNER.isNull())
                .fetchOne();
    }
}
