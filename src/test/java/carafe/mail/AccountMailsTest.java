package carafe.mail;

import static carafe.db.schema.Tables.MAIL_QUEUE;
import static org.assertj.core.api.Assertions.assertThat;

import carafe.support.CarafeServer;
import carafe.support.MailServer;
import jakarta.mail.BodyPart;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.net.URI;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class AccountMailsTest {
    @RegisterExtension
    @Order(1)
    static final MailServer mailServer = new MailServer();

    @RegisterExtension
    @Order(2)
    static final CarafeServer server = new CarafeServer()
            .with("CARAFE_SMTP_URL", mailServer.smtpUrl())
            .with("CARAFE_MAIL_FROM", "Carafe Test <no-reply@carafe.test>");

    private static final URI LINK = URI.create("https://app.example.com/confirm/Zq3x_9?lang=en&from=mail");

    @Test
    void an_email_confirmation_arrives_over_smtp_with_a_text_and_an_html_part_holding_the_link() throws Exception {
        String to = CarafeServer.uniqueEmail("ada");

        server.app().accountMails().emailConfirmation(to, "Ada", LINK);

        MimeMessage mail = mailServer.awaitOne(to);
        assertThat(mail.getFrom()).containsExactly(new InternetAddress("Carafe Test <no-reply@carafe.test>"));
        assertThat(((InternetAddress) mail.getAllRecipients()[0]).getAddress()).isEqualTo(to);
        assertThat(mail.getAllRecipients()).hasSize(1);
        assertThat(mail.getSubject()).isEqualTo("Confirm your email address");
        assertThat(mail.getHeader("Auto-Submitted")).containsExactly("auto-generated");
        assertThat(mail.getMessageID()).endsWith("@carafe.test>");

        var parts = (MimeMultipart) mail.getContent();
        assertThat(parts.getContentType()).startsWith("multipart/alternative");
        assertThat(parts.getCount()).isEqualTo(2);
        assertThat(parts.getBodyPart(0).isMimeType("text/plain")).isTrue();
        assertThat(parts.getBodyPart(1).isMimeType("text/html")).isTrue();
        // The text part shows the link exactly; the HTML part escapes the & in its attribute and text.
        assertThat(text(parts.getBodyPart(0))).contains("Hello Ada,").contains(LINK.toString()).contains("24 hours");
        assertThat(text(parts.getBodyPart(1)))
                .contains("href=\"https://app.example.com/confirm/Zq3x_9?lang=en&amp;from=mail\"")
                .doesNotContain("lang=en&from");
    }

    @Test
    void a_name_is_escaped_in_the_html_part_and_kept_as_written_in_the_text_part() throws Exception {
        String to = CarafeServer.uniqueEmail("grace");

        server.app().accountMails().emailConfirmation(to, "<b>Grace</b> & \"Co\"", LINK);

        var parts = (MimeMultipart) mailServer.awaitOne(to).getContent();
        assertThat(text(parts.getBodyPart(0))).contains("Hello <b>Grace</b> & \"Co\",");
        assertThat(text(parts.getBodyPart(1))).contains("Hello &lt;b&gt;Grace&lt;/b&gt; &amp; \"Co\",")
                .doesNotContain("<b>");
    }

    @Test
    void a_name_cannot_start_lines_of_its_own_in_the_mail() throws Exception {
        String to = CarafeServer.uniqueEmail("mallory");

        server.app().accountMails().emailConfirmation(to, "Mallory\r\n\r\nYour account is locked, call us", LINK);

        var parts = (MimeMultipart) mailServer.awaitOne(to).getContent();
        assertThat(text(parts.getBodyPart(0))).contains("Hello Mallory Your account is locked, call us,")
                .doesNotContain("\nYour account");
    }

    @Test
    void a_password_reset_says_the_link_expires_and_may_be_ignored() throws Exception {
        String to = CarafeServer.uniqueEmail("linus");
        URI link = URI.create("https://app.example.com/reset/R3set-T0ken");

        server.app().accountMails().passwordReset(to, "Linus", link);

        MimeMessage mail = mailServer.awaitOne(to);
        assertThat(mail.getSubject()).isEqualTo("Reset your password");
        var parts = (MimeMultipart) mail.getContent();
        for (int i = 0; i < 2; i++) {
            assertThat(text(parts.getBodyPart(i))).contains(link.toString()).contains("expires in 1 hour")
                    .contains("If you did not ask for this, you can ignore this mail");
        }
    }

    @Test
    void an_email_change_is_confirmed_at_the_new_address_and_announced_to_the_old_one() throws Exception {
        String oldEmail = CarafeServer.uniqueEmail("old");
        String newEmail = CarafeServer.uniqueEmail("new");
        URI link = URI.create("https://app.example.com/confirm/Ch4nge");

        server.app().accountMails().emailChangeConfirmation(newEmail, "Ada", link);
        server.app().accountMails().emailChangedNotice(oldEmail, "Ada", newEmail);

        MimeMessage confirmation = mailServer.awaitOne(newEmail);
        assertThat(confirmation.getSubject()).isEqualTo("Confirm your new email address");
        assertThat(text(((MimeMultipart) confirmation.getContent()).getBodyPart(0))).contains(link.toString());

        MimeMessage notice = mailServer.awaitOne(oldEmail);
        assertThat(notice.getSubject()).isEqualTo("Your email address was changed");
        var parts = (MimeMultipart) notice.getContent();
        assertThat(text(parts.getBodyPart(0))).contains("was changed to " + newEmail);
        assertThat(text(parts.getBodyPart(1))).contains("<strong>" + newEmail + "</strong>");
        assertThat(mailServer.receivedBy(newEmail)).hasSize(1);
    }

    @Test
    void a_recipient_with_a_line_break_cannot_add_a_header_and_the_call_still_returns() throws Exception {
        String victim = CarafeServer.uniqueEmail("victim");
        String evil = CarafeServer.uniqueEmail("evil");
        String marker = CarafeServer.uniqueEmail("marker");

        server.app().accountMails().passwordReset(victim + "\r\nBcc: " + evil, "Victim", LINK);
        server.app().accountMails().passwordReset(marker, "Marker", LINK);

        // Mail is sent in queue order: once the later mail has arrived, the earlier one would have too.
        mailServer.awaitOne(marker);
        assertThat(mailServer.receivedBy(evil)).isEmpty();
        assertThat(mailServer.receivedBy(victim)).isEmpty();
        assertThat(server.db().fetchCount(MAIL_QUEUE, MAIL_QUEUE.RECIPIENT.contains("evil"))).isZero();
    }

    @Test
    void a_sent_mail_is_deleted_from_the_queue_because_it_holds_one_time_links() {
        String to = CarafeServer.uniqueEmail("deleted");

        server.app().accountMails().passwordReset(to, "Ada", LINK);

        mailServer.awaitOne(to);
        carafe.support.Eventually.until("the sent mail's row is gone",
                () -> server.db().fetchCount(MAIL_QUEUE, MAIL_QUEUE.RECIPIENT.eq(to)) == 0);
    }

    static String text(BodyPart part) throws Exception {
        return (String) part.getContent();
    }
}
