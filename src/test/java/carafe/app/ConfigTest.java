package carafe.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import carafe.auth.AuthLimits;
import carafe.mfa.MfaSettings;
import carafe.support.LogCapture;
import ch.qos.logback.classic.Level;
import carafe.throttle.Limit;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigTest {
    @Test
    void defaults_are_safe_for_local_use() {
        var config = Config.from(Map.of());

        assertThat(config.port()).isEqualTo(8080);
        assertThat(config.databaseUrl()).startsWith("jdbc:sqlite:").endsWith("data/carafe.db");
        assertThat(config.production()).isFalse();
        assertThat(config.secureCookies()).isFalse();
        assertThat(config.sessionIdleTimeout()).isEqualTo(Duration.ofMinutes(30));
        assertThat(config.sessionAbsoluteTimeout()).isEqualTo(Duration.ofDays(7));
        assertThat(config.rememberIdleTimeout()).isEqualTo(Duration.ofDays(30));
        assertThat(config.rememberAbsoluteTimeout()).isEqualTo(Duration.ofDays(90));
        assertThat(config.maxRequestBytes()).isEqualTo(1024 * 1024);
        assertThat(config.trustedProxies().isEmpty()).isTrue();
        assertThat(config.authLimits()).isEqualTo(AuthLimits.DEFAULTS);
        assertThat(config.authLimits().loginFailuresPerAccount()).isEqualTo(Limit.of(5, Duration.ofMinutes(15)));
        assertThat(config.authLimits().loginFailuresPerClient()).isEqualTo(Limit.of(50, Duration.ofMinutes(15)));
        assertThat(config.productionProblems()).isEmpty();
    }

    @Test
    void second_factor_settings_default_to_a_15_minute_window_30_remembered_days_and_no_required_role() {
        var config = Config.from(Map.of());

        assertThat(config.mfa()).isEqualTo(MfaSettings.DEFAULTS);
        assertThat(config.mfa().reauthWindow()).isEqualTo(Duration.ofMinutes(15));
        assertThat(config.mfa().rememberDevice()).isEqualTo(Duration.ofDays(30));
        assertThat(config.mfa().requiredRoles()).isEmpty();
        assertThat(config.authLimits().secondFactorFailuresPerAccount()).isEqualTo(Limit.of(5, Duration.ofMinutes(15)));
    }

    @Test
    void second_factor_settings_are_read_and_a_bad_role_or_secret_key_list_is_reported() {
        var config = Config.from(Map.of("CARAFE_REAUTH_WINDOW", "90s", "CARAFE_MFA_REQUIRED_ROLES", " admin , user",
                "CARAFE_MFA_REMEMBER_DAYS", "0", "CARAFE_PREVIOUS_SECRET_KEYS", "old-one, older-one",
                "CARAFE_LIMIT_MFA_ACCOUNT", "3/1h"));

        assertThat(config.mfa().reauthWindow()).isEqualTo(Duration.ofSeconds(90));
        assertThat(config.mfa().requiredRoles()).containsExactlyInAnyOrder("admin", "user");
        assertThat(config.mfa().remembersDevices()).isFalse();
        assertThat(config.mfa().previousSecretKeys()).containsExactly("old-one", "older-one");
        assertThat(config.authLimits().secondFactorFailuresPerAccount()).isEqualTo(Limit.of(3, Duration.ofHours(1)));
        assertThatThrownBy(() -> Config.from(Map.of("CARAFE_MFA_REQUIRED_ROLES", "admins",
                "CARAFE_MFA_REMEMBER_DAYS", "-1")))
                .isInstanceOf(Config.ConfigException.class)
                .hasMessageContaining("CARAFE_MFA_REQUIRED_ROLES must be a comma-separated list of roles")
                .hasMessageContaining("'admins' is not a role")
                .hasMessageContaining("CARAFE_MFA_REMEMBER_DAYS");
    }

    @Test
    void email_code_sign_in_is_off_by_default_with_10_codes_an_hour_per_client_and_5_per_account() {
        var defaults = Config.from(Map.of());
        var configured = Config.from(Map.of("CARAFE_EMAIL_CODE_LOGIN", "true", "CARAFE_LIMIT_EMAIL_CODE_IP", "3/30m"));

        assertThat(defaults.emailCodeLogin()).isFalse();
        assertThat(defaults.authLimits().emailCodesPerClient()).isEqualTo(Limit.of(10, Duration.ofHours(1)));
        assertThat(defaults.authLimits().emailCodesPerAccount()).isEqualTo(Limit.of(5, Duration.ofHours(1)));
        assertThat(configured.emailCodeLogin()).isTrue();
        assertThat(configured.authLimits().emailCodesPerClient()).isEqualTo(Limit.of(3, Duration.ofMinutes(30)));
        assertThatThrownBy(() -> Config.from(Map.of("CARAFE_LIMIT_EMAIL_CODE_IP", "ten")))
                .isInstanceOf(Config.ConfigException.class)
                .hasMessageContaining("CARAFE_LIMIT_EMAIL_CODE_IP must be a count per duration");
    }

    @Test
    void reset_and_confirmation_mails_are_limited_to_3_an_hour_per_email_address_unless_set() {
        var defaults = Config.from(Map.of());
        var configured = Config.from(Map.of("CARAFE_LIMIT_FORGOT_EMAIL", "2/30m", "CARAFE_LIMIT_CONFIRM_RESEND_EMAIL", "5/1d"));

        assertThat(defaults.authLimits().forgotPasswordPerAddress()).isEqualTo(Limit.of(3, Duration.ofHours(1)));
        assertThat(defaults.authLimits().confirmResendPerAddress()).isEqualTo(Limit.of(3, Duration.ofHours(1)));
        assertThat(configured.authLimits().forgotPasswordPerAddress()).isEqualTo(Limit.of(2, Duration.ofMinutes(30)));
        assertThat(configured.authLimits().confirmResendPerAddress()).isEqualTo(Limit.of(5, Duration.ofDays(1)));
    }

    @Test
    void rate_limits_are_a_count_per_duration() {
        var config = Config.from(Map.of("CARAFE_LIMIT_LOGIN_ACCOUNT", "3/10m",
                "CARAFE_LIMIT_REGISTER_IP", " 20 / PT2H ", "CARAFE_LIMIT_CONFIRM_RESEND_IP", "1/1d",
                "CARAFE_TRUSTED_PROXIES", "10.0.0.0/8, 2001:db8::/32"));

        assertThat(config.authLimits().loginFailuresPerAccount()).isEqualTo(Limit.of(3, Duration.ofMinutes(10)));
        assertThat(config.authLimits().registrationsPerClient()).isEqualTo(Limit.of(20, Duration.ofHours(2)));
        assertThat(config.authLimits().confirmResendPerClient()).isEqualTo(Limit.of(1, Duration.ofDays(1)));
        assertThat(config.authLimits().forgotPasswordPerClient())
                .isEqualTo(AuthLimits.DEFAULTS.forgotPasswordPerClient());
        assertThat(config.trustedProxies().toString()).isEqualTo("[10.0.0.0/8, 2001:db8::/32]");
    }

    @Test
    void bad_rate_limits_and_proxies_are_reported_by_setting_name() {
        assertThatThrownBy(() -> Config.from(Map.of("CARAFE_LIMIT_LOGIN_ACCOUNT", "five",
                "CARAFE_LIMIT_LOGIN_IP", "0/15m", "CARAFE_LIMIT_REGISTER_IP", "10/forever",
                "CARAFE_LIMIT_FORGOT_IP", "5/60d",
                "CARAFE_LIMIT_RESET_IP", "10/", "CARAFE_LIMIT_CONFIRM_RESEND_IP", "5/9999999999999999d",
                "CARAFE_LIMIT_FORGOT_EMAIL", "3 an hour", "CARAFE_LIMIT_CONFIRM_RESEND_EMAIL", "1000001/1h",
                "CARAFE_TRUSTED_PROXIES", "10.0.0.0/33, proxy.internal")))
                .isInstanceOf(Config.ConfigException.class)
                .hasMessageContaining("CARAFE_LIMIT_LOGIN_ACCOUNT must be a count per duration such as 5/15m or 10/1h"
                        + ", the count from 1 to 1000000 and the duration at most 30d (it is 'five').")
                .hasMessageContaining("CARAFE_LIMIT_LOGIN_IP must be a count per duration")
                .hasMessageContaining("CARAFE_LIMIT_REGISTER_IP must be a count per duration")
                .hasMessageContaining("CARAFE_LIMIT_FORGOT_IP must be a count per duration")
                .hasMessageContaining("CARAFE_LIMIT_RESET_IP must be a count per duration")
                .hasMessageContaining("CARAFE_LIMIT_CONFIRM_RESEND_IP must be a count per duration")
                .hasMessageContaining("CARAFE_LIMIT_FORGOT_EMAIL must be a count per duration")
                .hasMessageContaining("CARAFE_LIMIT_CONFIRM_RESEND_EMAIL must be a count per duration")
                .hasMessageContaining("CARAFE_TRUSTED_PROXIES must list IP addresses or CIDR ranges separated by commas"
                        + ", such as 10.0.0.0/8, 192.0.2.10, 2001:db8::/32 ('10.0.0.0/33', 'proxy.internal' are neither"
                        + " an IP address nor a CIDR range).");
    }

    @Test
    void a_duration_too_long_to_count_is_reported_not_thrown() {
        assertThatThrownBy(() -> Config.from(Map.of("CARAFE_SESSION_IDLE_TIMEOUT", "9999999999999999d")))
                .isInstanceOf(Config.ConfigException.class)
                .hasMessageContaining("CARAFE_SESSION_IDLE_TIMEOUT must be a positive duration");
    }

    @Test
    void durations_take_units() {
        var config = Config.from(Map.of("CARAFE_SESSION_IDLE_TIMEOUT", "15m", "CARAFE_SESSION_ABSOLUTE_TIMEOUT", "P2D"));

        assertThat(config.sessionIdleTimeout()).isEqualTo(Duration.ofMinutes(15));
        assertThat(config.sessionAbsoluteTimeout()).isEqualTo(Duration.ofDays(2));
    }

    @Test
    void every_bad_value_is_reported_at_once() {
        assertThatThrownBy(() -> Config.from(Map.of("CARAFE_PORT", "eighty", "CARAFE_ENV", "staging",
                "CARAFE_SESSION_IDLE_TIMEOUT", "-5m", "CARAFE_BASE_URL", "ftp://x")))
                .isInstanceOf(Config.ConfigException.class)
                .hasMessageContaining("CARAFE_PORT must be a whole number")
                .hasMessageContaining("CARAFE_ENV must be one of [development, production]")
                .hasMessageContaining("CARAFE_SESSION_IDLE_TIMEOUT must be a positive duration")
                .hasMessageContaining("CARAFE_BASE_URL must be an http:// or https:// address");
    }

    @Test
    void production_refuses_to_start_without_a_secret_key_or_https() {
        var config = Config.from(Map.of("CARAFE_ENV", "production"));

        assertThatThrownBy(() -> App.create(config, Clock.systemUTC()))
                .isInstanceOf(Config.ConfigException.class)
                .hasMessageContaining("CARAFE_SECRET_KEY must be set")
                .hasMessageContaining("Cookies must be Secure")
                .hasMessageContaining("CARAFE_BASE_URL must be an https:// address");
    }

    @Test
    void production_with_https_and_a_key_has_no_problems() {
        var config = Config.from(Map.of("CARAFE_ENV", "production", "CARAFE_BASE_URL", "https://app.example.com",
                "CARAFE_SECRET_KEY", "s".repeat(40)));

        assertThat(config.secureCookies()).isTrue();
        assertThat(config.productionProblems()).isEmpty();
    }

    @Test
    void production_refuses_cookies_explicitly_made_insecure() {
        var config = Config.from(Map.of("CARAFE_ENV", "production", "CARAFE_BASE_URL", "https://app.example.com",
                "CARAFE_SECRET_KEY", "s".repeat(40), "CARAFE_COOKIE_SECURE", "false"));

        assertThat(config.productionProblems()).singleElement().asString().contains("Cookies must be Secure");
    }

    @Test
    void without_an_smtp_url_mail_goes_to_the_outbox_from_a_local_sender() {
        var mail = Config.from(Map.of()).mail();

        assertThat(mail.smtp()).isNull();
        assertThat(mail.from()).isEqualTo("Carafe <no-reply@localhost>");
        assertThat(mail.smtpTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(mail.pollInterval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(mail.lease()).isEqualTo(Duration.ofMinutes(5));
        assertThat(mail.retryDelay()).isEqualTo(Duration.ofMinutes(1));
        assertThat(mail.maxAttempts()).isEqualTo(10);
    }

    @Test
    void an_smtp_url_and_a_sender_are_read() {
        var mail = Config.from(Map.of("CARAFE_SMTP_URL", "smtps://ada%40example.com:s%2Fcret@mail.example.com",
                "CARAFE_MAIL_FROM", "Notes <notes@example.com>")).mail();

        assertThat(mail.smtp().implicitTls()).isTrue();
        assertThat(mail.smtp().host()).isEqualTo("mail.example.com");
        assertThat(mail.smtp().port()).isEqualTo(465);
        assertThat(mail.smtp().user()).isEqualTo("ada@example.com");
        assertThat(mail.smtp().password()).isEqualTo("s/cret");
        assertThat(mail.from()).isEqualTo("Notes <notes@example.com>");
    }

    @Test
    void bad_mail_settings_stop_start_up_without_repeating_the_smtp_password() {
        assertThatThrownBy(() -> Config.from(Map.of("CARAFE_SMTP_URL", "http://ada:hunter2@mail.example.com",
                "CARAFE_MAIL_FROM", "Carafe <no-reply@example.com>\r\nBcc: evil@example.com",
                "CARAFE_MAIL_MAX_ATTEMPTS", "0")))
                .isInstanceOf(Config.ConfigException.class)
                .hasMessageContaining("CARAFE_SMTP_URL must be smtp://")
                .hasMessageContaining("CARAFE_MAIL_FROM must be one address")
                .hasMessageContaining("CARAFE_MAIL_MAX_ATTEMPTS must be a whole number from 1 to 100")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void failed_mail_is_kept_30_days_unless_set_and_a_retention_that_is_no_duration_stops_start_up() {
        assertThat(Config.from(Map.of()).mail().failedRetention()).isEqualTo(Duration.ofDays(30));
        assertThat(Config.from(Map.of("CARAFE_MAIL_FAILED_RETENTION", "7d")).mail().failedRetention())
                .isEqualTo(Duration.ofDays(7));
        assertThat(Config.from(Map.of("CARAFE_MAIL_FAILED_RETENTION", "P90D")).mail().failedRetention())
                .isEqualTo(Duration.ofDays(90));
        for (String bad : new String[] {"forever", "0s", "-1d", "30"}) {
            assertThatThrownBy(() -> Config.from(Map.of("CARAFE_MAIL_FAILED_RETENTION", bad)))
                    .isInstanceOf(Config.ConfigException.class)
                    .hasMessageContaining("CARAFE_MAIL_FAILED_RETENTION must be a positive duration such as 30m, 12h, "
                            + "7d or PT30M (it is '" + bad + "').");
        }
    }

    @Test
    void production_refuses_sqlite_when_redis_says_there_are_several_instances() {
        var onSqlite = Config.from(Map.of("CARAFE_ENV", "production", "CARAFE_BASE_URL", "https://app.example.com",
                "CARAFE_SECRET_KEY", "s".repeat(40), "CARAFE_REDIS_URL", "redis://127.0.0.1:6379/0"));
        var onPostgres = Config.from(Map.of("CARAFE_ENV", "production", "CARAFE_BASE_URL", "https://app.example.com",
                "CARAFE_SECRET_KEY", "s".repeat(40), "CARAFE_REDIS_URL", "redis://127.0.0.1:6379/0",
                "CARAFE_DATABASE_URL", "jdbc:postgresql://db.internal:5432/carafe?user=carafe"));

        assertThat(onSqlite.productionProblems()).singleElement().asString()
                .contains("CARAFE_REDIS_URL is set").contains("SQLite").contains("CARAFE_DATABASE_URL");
        assertThat(onPostgres.productionProblems()).isEmpty();
        assertThat(Config.from(Map.of("CARAFE_REDIS_URL", "redis://127.0.0.1:6379/0")).productionProblems())
                .as("development may try Redis sessions on SQLite").isEmpty();
    }

    @Test
    void redis_and_drain_settings_are_read_and_bad_ones_reported_without_the_password() {
        var config = Config.from(Map.of("CARAFE_REDIS_URL", "rediss://:s3cret@cache.internal:6380/2",
                "CARAFE_REDIS_PREFIX", "shop:", "CARAFE_SHUTDOWN_DRAIN", "0s"));

        assertThat(config.redisUrl()).isEqualTo("rediss://:s3cret@cache.internal:6380/2");
        assertThat(config.redisPrefix()).isEqualTo("shop:");
        assertThat(config.shutdownDrain()).isZero();
        assertThat(Config.from(Map.of()).redisUrl()).isNull();
        assertThatThrownBy(() -> Config.from(Map.of("CARAFE_REDIS_URL", "http://:hunter2@cache.internal",
                "CARAFE_SHUTDOWN_DRAIN", "-5s")))
                .isInstanceOf(Config.ConfigException.class)
                .hasMessageContaining("CARAFE_REDIS_URL must be redis://")
                .hasMessageContaining("CARAFE_SHUTDOWN_DRAIN must be a duration")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void a_misspelt_setting_is_named_in_a_warning_instead_of_passing_silently() {
        try (var log = LogCapture.of("carafe.app.Config")) {
            Config.from(Map.of("CARAFE_REDIS_URI", "redis://127.0.0.1:6379", "CARAFE_PORT", "8081",
                    "CARAFE_LOG_LEVEL", "DEBUG"));

            assertThat(log.messages(Level.WARN)).singleElement().asString()
                    .startsWith("CARAFE_REDIS_URI is not a Carafe setting");
        }
    }

    @Test
    void identity_providers_are_read_by_name_with_a_label_scopes_and_no_secret_in_their_text() {
        var config = Config.from(Map.ofEntries(Map.entry("CARAFE_OIDC_PROVIDERS", "google, corp-sso"),
                Map.entry("CARAFE_OIDC_GOOGLE_ISSUER", "https://accounts.google.com"),
                Map.entry("CARAFE_OIDC_GOOGLE_CLIENT_ID", "id-1"), Map.entry("CARAFE_OIDC_GOOGLE_CLIENT_SECRET", "s3cret-google"),
                Map.entry("CARAFE_OIDC_CORP_SSO_ISSUER", "https://sso.example.com/realms/staff/"),
                Map.entry("CARAFE_OIDC_CORP_SSO_CLIENT_ID", "carafe"), Map.entry("CARAFE_OIDC_CORP_SSO_CLIENT_SECRET", "s3cret-corp"),
                Map.entry("CARAFE_OIDC_CORP_SSO_LABEL", "Staff sign-in"), Map.entry("CARAFE_OIDC_CORP_SSO_SCOPES", "openid email"),
                Map.entry("CARAFE_OIDC_CORP_SSO_TRUST_MFA", "true"), Map.entry("CARAFE_OIDC_SIGNUP", "false")));

        var providers = config.identityProviders();
        assertThat(providers).extracting(p -> p.name()).containsExactly("google", "corp-sso");
        var google = providers.get(0);
        assertThat(google.label()).isEqualTo("Google");
        assertThat(google.scopes()).containsExactly("openid", "email", "profile");
        assertThat(google.trustMfa()).isFalse();
        var corp = providers.get(1);
        assertThat(corp.issuer().toString()).as("kept exactly, slash and all").isEqualTo("https://sso.example.com/realms/staff/");
        assertThat(corp.label()).isEqualTo("Staff sign-in");
        assertThat(corp.scopes()).containsExactly("openid", "email");
        assertThat(corp.trustMfa()).isTrue();
        assertThat(config.identityProviderSignUp()).isFalse();
        assertThat(providers.toString()).doesNotContain("s3cret");
        assertThat(Config.from(Map.of()).identityProviders()).isEmpty();
        assertThat(Config.from(Map.of()).identityProviderSignUp()).isTrue();
    }

    @Test
    void an_identity_provider_missing_a_setting_or_badly_named_stops_the_start_saying_which() {
        assertThatThrownBy(() -> Config.from(Map.of("CARAFE_OIDC_PROVIDERS", "google,Bad_Name",
                "CARAFE_OIDC_GOOGLE_ISSUER", "accounts.google.com", "CARAFE_OIDC_GOOGLE_CLIENT_SECRET", "s3cret",
                "CARAFE_OIDC_GOOGLE_SCOPES", "email profile")))
                .isInstanceOf(Config.ConfigException.class)
                .hasMessageContaining("CARAFE_OIDC_GOOGLE_ISSUER must be the provider's https:// issuer URL")
                .hasMessageContaining("CARAFE_OIDC_GOOGLE_CLIENT_ID must be set")
                .hasMessageContaining("CARAFE_OIDC_GOOGLE_SCOPES must include openid")
                .hasMessageContaining("CARAFE_OIDC_PROVIDERS must name providers in lower-case letters")
                .hasMessageNotContaining("s3cret");
    }

    @Test
    void production_refuses_an_identity_provider_over_http() {
        var config = Config.from(Map.of("CARAFE_ENV", "production", "CARAFE_BASE_URL", "https://app.example.com",
                "CARAFE_SECRET_KEY", "k".repeat(40), "CARAFE_OIDC_PROVIDERS", "corp",
                "CARAFE_OIDC_CORP_ISSUER", "http://sso.internal/realms/staff",
                "CARAFE_OIDC_CORP_CLIENT_ID", "carafe", "CARAFE_OIDC_CORP_CLIENT_SECRET", "s3cret"));

        assertThat(config.productionProblems()).singleElement().asString()
                .startsWith("CARAFE_OIDC_CORP_ISSUER must be an https:// address in production");
    }
}
