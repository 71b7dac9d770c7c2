package carafe.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SmtpSettingsTest {
    @Test
    void user_and_password_are_url_decoded() {
        var smtp = SmtpSettings.parse("smtp://mailer%40example.com:p%40ss%3Aw%2Frd+%25@mail.example.com:587");

        assertThat(smtp.user()).isEqualTo("mailer@example.com");
        assertThat(smtp.password()).isEqualTo("p@ss:w/rd+%");
        assertThat(smtp.host()).isEqualTo("mail.example.com");
        assertThat(smtp.port()).isEqualTo(587);
        assertThat(smtp.implicitTls()).isFalse();
        assertThat(smtp.requireStartTls()).isFalse();
    }

    @Test
    void ports_default_to_25_for_smtp_and_465_for_smtps() {
        assertThat(SmtpSettings.parse("smtp://mail.example.com").port()).isEqualTo(25);
        var smtps = SmtpSettings.parse("smtps://mail.example.com");
        assertThat(smtps.port()).isEqualTo(465);
        assertThat(smtps.implicitTls()).isTrue();
        assertThat(smtps.authenticates()).isFalse();
    }

    @Test
    void starttls_is_used_when_offered_and_can_be_required() {
        var from = MailAddresses.sender("no-reply@example.com");
        var opportunistic = SmtpMailer.properties(SmtpSettings.parse("smtp://mail.example.com:587"), from,
                Duration.ofSeconds(30));
        var required = SmtpMailer.properties(SmtpSettings.parse("smtp://mail.example.com:587?starttls=required"),
                from, Duration.ofSeconds(30));

        assertThat(opportunistic.getProperty("mail.smtp.starttls.enable")).isEqualTo("true");
        assertThat(opportunistic.getProperty("mail.smtp.starttls.required")).isEqualTo("false");
        assertThat(required.getProperty("mail.smtp.starttls.required")).isEqualTo("true");
    }

    @Test
    void smtps_uses_tls_from_the_start_and_checks_the_server_name() {
        var properties = SmtpMailer.properties(SmtpSettings.parse("smtps://u:p@mail.example.com"),
                MailAddresses.sender("no-reply@example.com"), Duration.ofSeconds(30));

        assertThat(properties.getProperty("mail.transport.protocol")).isEqualTo("smtps");
        assertThat(properties.getProperty("mail.smtps.auth")).isEqualTo("true");
        assertThat(properties.getProperty("mail.smtps.ssl.checkserveridentity")).isEqualTo("true");
    }

    @Test
    void every_wait_on_the_server_is_bounded() {
        var properties = SmtpMailer.properties(SmtpSettings.parse("smtp://mail.example.com"),
                MailAddresses.sender("no-reply@example.com"), Duration.ofSeconds(12));

        assertThat(properties.getProperty("mail.smtp.connectiontimeout")).isEqualTo("12000");
        assertThat(properties.getProperty("mail.smtp.timeout")).isEqualTo("12000");
        assertThat(properties.getProperty("mail.smtp.writetimeout")).isEqualTo("12000");
    }

    @Test
    void the_password_never_shows_in_its_text() {
        assertThat(SmtpSettings.parse("smtp://ada:hunter2@mail.example.com:587").toString())
                .isEqualTo("smtp://ada:***@mail.example.com:587")
                .doesNotContain("hunter2");
    }

    @Test
    void bad_urls_are_refused_with_a_reason() {
        assertThatThrownBy(() -> SmtpSettings.parse("http://mail.example.com")).hasMessageContaining("smtp://");
        assertThatThrownBy(() -> SmtpSettings.parse("smtp://mail.example.com?tls=yes")).hasMessageContaining("starttls");
        assertThatThrownBy(() -> SmtpSettings.parse("smtps://mail.example.com?starttls=required"))
                .hasMessageContaining("smtps");
        assertThatThrownBy(() -> SmtpSettings.parse("smtp://ada:p@ss@mail.example.com"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SmtpSettings.parse("smtp://mail.example.com/inbox")).hasMessageContaining("path");
    }
}
