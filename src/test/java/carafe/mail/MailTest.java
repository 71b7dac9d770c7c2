package carafe.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class MailTest {
    @ParameterizedTest
    @ValueSource(strings = {
        "victim@example.com\r\nBcc: evil@example.com",
        "victim@example.com\nBcc: evil@example.com",
        "victim@example.com\rBcc: evil@example.com",
        "victim@example.com, evil@example.com",
        "Victim <victim@example.com>",
        "victim@example.com\u0000",
        "undisclosed-recipients:;",
        "no-at-sign",
        "josé@example.com",
        ""})
    void a_recipient_that_could_add_a_header_or_a_recipient_is_refused(String to) {
        assertThatThrownBy(() -> new Mail(to, "Hello", "text", "<p>html</p>"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(MailAddresses.isUsableRecipient(to)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"Hello\r\nBcc: evil@example.com", "Hello\nX-Injected: 1", "Hello\tthere", " "})
    void a_subject_that_is_not_one_line_is_refused(String subject) {
        assertThatThrownBy(() -> new Mail("ada@example.com", subject, "text", "<p>html</p>"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void a_plain_address_is_accepted_and_a_unicode_domain_becomes_punycode() {
        assertThat(new Mail("ada+notes@example.com", "Hello", "t", "h").to()).isEqualTo("ada+notes@example.com");
        assertThat(MailAddresses.recipient("ada@bücher.example")).isEqualTo("ada@xn--bcher-kva.example");
    }

    @Test
    void the_sender_may_have_a_display_name_but_must_be_one_address() {
        var from = MailAddresses.sender("Carafe <no-reply@localhost>");
        assertThat(from.getPersonal()).isEqualTo("Carafe");
        assertThat(from.getAddress()).isEqualTo("no-reply@localhost");

        assertThatThrownBy(() -> MailAddresses.sender("a@example.com, b@example.com"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MailAddresses.sender("Carafe <no-reply@example.com>\r\nBcc: evil@example.com"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MailAddresses.sender("not an address")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void retries_back_off_exponentially_up_to_an_hour() {
        Duration first = Duration.ofMinutes(1);

        assertThat(MailWorker.backoff(first, 1)).isEqualTo(Duration.ofMinutes(1));
        assertThat(MailWorker.backoff(first, 2)).isEqualTo(Duration.ofMinutes(2));
        assertThat(MailWorker.backoff(first, 4)).isEqualTo(Duration.ofMinutes(8));
        assertThat(MailWorker.backoff(first, 7)).isEqualTo(Duration.ofHours(1));
        assertThat(MailWorker.backoff(first, 100)).isEqualTo(Duration.ofHours(1));
        assertThat(MailWorker.backoff(Duration.ofHours(2), 3)).isEqualTo(Duration.ofHours(2));
    }

    @Test
    void link_lifetimes_are_said_in_words() {
        assertThat(AccountMails.inWords(Duration.ofHours(1))).isEqualTo("1 hour");
        assertThat(AccountMails.inWords(Duration.ofHours(24))).isEqualTo("24 hours");
        assertThat(AccountMails.inWords(Duration.ofMinutes(30))).isEqualTo("30 minutes");
        assertThat(AccountMails.inWords(Duration.ofDays(7))).isEqualTo("7 days");
        assertThat(AccountMails.inWords(Duration.ofSeconds(90))).isEqualTo("2 minutes");
    }
}
