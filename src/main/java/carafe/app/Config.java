package carafe.app;

import carafe.auth.AuthLimits;
import carafe.auth.User;
import carafe.db.Database;
import carafe.mail.MailAddresses;
import carafe.mail.MailSettings;
import carafe.mail.SmtpSettings;
import carafe.mfa.MfaSettings;
import carafe.oidc.ProviderSettings;
import carafe.web.TrustedProxies;
import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every setting Carafe reads, in one record, read once at start-up from environment variables and an
 * optional {@code carafe.properties} file (environment wins). The README's configuration table lists
 * each one with its default; keep the two in step.
 */
public record Config(
        Environment environment,
        int port,
        String host,
        Path dataDir,
        String databaseUrl,
        int databasePoolSize,
        boolean migrateOnStart,
        String secretKey,
        URI baseUrl,
        boolean secureCookies,
        Duration sessionIdleTimeout,
        Duration sessionAbsoluteTimeout,
        Duration rememberIdleTimeout,
        Duration rememberAbsoluteTimeout,
        int passwordHashConcurrency,
        long maxRequestBytes,
        Duration shutdownGrace,
        Duration shutdownDrain,
        String redisUrl,
        String redisPrefix,
        boolean requireEmailConfirmation,
        boolean emailCodeLogin,
        Duration confirmationLinkLifetime,
        Duration resetLinkLifetime,
        Duration idempotencyKeyLifetime,
        MailSettings mail,
        TrustedProxies trustedProxies,
        AuthLimits authLimits,
        MfaSettings mfa,
        List<ProviderSettings> identityProviders,
        boolean identityProviderSignUp) {

    private static final Logger log = LoggerFactory.getLogger(Config.class);

    public enum Environment { DEVELOPMENT, PRODUCTION }

    /** What the connection pool needs. */
    public Database.Settings database() {
        return new Database.Settings(databaseUrl, databasePoolSize);
    }

    public boolean production() {
        return environment == Environment.PRODUCTION;
    }

    /** Reads the process environment and {@code ./carafe.properties} (or the file named by CARAFE_CONFIG). */
    public static Config load() {
        Map<String, String> settings = new HashMap<>();
        Path file = Path.of(System.getenv().getOrDefault("CARAFE_CONFIG", "carafe.properties"));
        if (Files.isRegularFile(file)) {
            settings.putAll(readProperties(file));
        }
        System.getenv().forEach((key, value) -> {
            if (key.startsWith("CARAFE_")) settings.put(key, value);
        });
        return from(settings);
    }

    /** Builds a config from settings named like the environment variables; missing ones take their defaults. */
    public static Config from(Map<String, String> settings) {
        var reader = new SettingsReader(settings);
        var environment = reader.oneOf("CARAFE_ENV", Environment.DEVELOPMENT);
        Path dataDir = Path.of(reader.text("CARAFE_DATA_DIR", "./data")).toAbsolutePath().normalize();
        // The URL may hold the database password: a bad one is never repeated in the error.
        String databaseUrl = reader.parsed("CARAFE_DATABASE_URL", "jdbc:sqlite:" + dataDir.resolve("carafe.db"), url -> {
            Database.Kind.of(url);
            return url;
        }, "a jdbc:sqlite: or jdbc:postgresql: URL", false);
        int port = reader.integer("CARAFE_PORT", 8080, 0, 65535);
        URI baseUrl = reader.uri("CARAFE_BASE_URL", "http://localhost:" + (port == 0 ? 8080 : port));
        var config = new Config(
                environment,
                port,
                reader.text("CARAFE_HOST", "0.0.0.0"),
                dataDir,
                databaseUrl,
                reader.integer("CARAFE_DATABASE_POOL_SIZE", 10, 1, 200),
                reader.bool("CARAFE_MIGRATE_ON_START", true),
                reader.text("CARAFE_SECRET_KEY", null),
                baseUrl,
                reader.bool("CARAFE_COOKIE_SECURE", "https".equals(baseUrl.getScheme())),
                reader.duration("CARAFE_SESSION_IDLE_TIMEOUT", Duration.ofMinutes(30)),
                reader.duration("CARAFE_SESSION_ABSOLUTE_TIMEOUT", Duration.ofDays(7)),
                reader.duration("CARAFE_REMEMBER_IDLE_TIMEOUT", Duration.ofDays(30)),
                reader.duration("CARAFE_REMEMBER_ABSOLUTE_TIMEOUT", Duration.ofDays(90)),
                reader.integer("CARAFE_PASSWORD_HASH_CONCURRENCY", defaultHashConcurrency(), 1, 64),
                reader.integer("CARAFE_MAX_REQUEST_BYTES", 1024 * 1024, 1024, Integer.MAX_VALUE),
                reader.duration("CARAFE_SHUTDOWN_GRACE", Duration.ofSeconds(20)),
                reader.durationOrZero("CARAFE_SHUTDOWN_DRAIN", Duration.ZERO),
                // The URL may hold the Redis password: a bad one is never repeated in the error.
                reader.parsed("CARAFE_REDIS_URL", null, Config::redisUrl,
                        "redis://[:password@]host[:port][/database] or rediss:// for TLS", false),
                reader.text("CARAFE_REDIS_PREFIX", "carafe:"),
                reader.bool("CARAFE_REQUIRE_EMAIL_CONFIRMATION", false),
                reader.bool("CARAFE_EMAIL_CODE_LOGIN", false),
                reader.duration("CARAFE_CONFIRMATION_LINK_LIFETIME", Duration.ofHours(24)),
                reader.duration("CARAFE_RESET_LINK_LIFETIME", Duration.ofHours(1)),
                reader.duration("CARAFE_IDEMPOTENCY_KEY_LIFETIME", Duration.ofHours(24)),
                mailSettings(reader),
                reader.trustedProxies("CARAFE_TRUSTED_PROXIES"),
                authLimits(reader),
                mfaSettings(reader),
                identityProviders(reader),
                reader.bool("CARAFE_OIDC_SIGNUP", true));
        reader.failIfInvalid();
        for (String unknown : reader.unknown()) {
            log.warn("{} is not a Carafe setting and is ignored (misspelt? the README lists every setting)", unknown);
        }
        return config;
    }

    private static MailSettings mailSettings(SettingsReader reader) {
        return new MailSettings(
                // The URL holds the SMTP password: a bad one is never repeated in the error.
                reader.parsed("CARAFE_SMTP_URL", null, SmtpSettings::parse,
                        "smtp://user:password@host:port or smtps://user:password@host:port", false),
                reader.parsed("CARAFE_MAIL_FROM", MailSettings.DEFAULT_FROM, from -> {
                    MailAddresses.sender(from);
                    return from;
                }, "one address such as 'Carafe <no-reply@example.com>' or no-reply@example.com", true),
                reader.duration("CARAFE_SMTP_TIMEOUT", Duration.ofSeconds(30)),
                reader.duration("CARAFE_MAIL_POLL_INTERVAL", Duration.ofSeconds(10)),
                reader.duration("CARAFE_MAIL_LEASE", Duration.ofMinutes(5)),
                reader.duration("CARAFE_MAIL_RETRY_DELAY", Duration.ofMinutes(1)),
                reader.integer("CARAFE_MAIL_MAX_ATTEMPTS", 10, 1, 100),
                // Long enough to notice a failure (the ERROR log, carafe_mail_failures_total) and look at the
                // row after a weekend or a holiday; no longer, because the row keeps a person's address and a
                // mail whose links have expired, for no purpose (GDPR art. 5(1)(e), storage limitation), and
                // a flood of undeliverable addresses (a sign-up bot) must not grow the table for ever.
                reader.duration("CARAFE_MAIL_FAILED_RETENTION", Duration.ofDays(30)));
    }

    /** Returns a copy with another secret key (development generates one into the data folder). */
    public Config withSecretKey(String key) {
        return new Config(environment, port, host, dataDir, databaseUrl, databasePoolSize, migrateOnStart, key,
                baseUrl, secureCookies, sessionIdleTimeout, sessionAbsoluteTimeout, rememberIdleTimeout,
                rememberAbsoluteTimeout, passwordHashConcurrency, maxRequestBytes, shutdownGrace, shutdownDrain,
                redisUrl, redisPrefix, requireEmailConfirmation, emailCodeLogin,
                confirmationLinkLifetime, resetLinkLifetime, idempotencyKeyLifetime, mail, trustedProxies, authLimits, mfa,
                identityProviders,
                identityProviderSignUp);
    }

    /** Returns a copy listening on another port (the CLI's {@code serve --port}). */
    public Config withPort(int newPort) {
        return new Config(environment, newPort, host, dataDir, databaseUrl, databasePoolSize, migrateOnStart,
                secretKey, baseUrl, secureCookies, sessionIdleTimeout, sessionAbsoluteTimeout, rememberIdleTimeout,
                rememberAbsoluteTimeout, passwordHashConcurrency, maxRequestBytes, shutdownGrace, shutdownDrain,
                redisUrl, redisPrefix, requireEmailConfirmation, emailCodeLogin,
                confirmationLinkLifetime, resetLinkLifetime, idempotencyKeyLifetime, mail, trustedProxies, authLimits, mfa,
                identityProviders,
                identityProviderSignUp);
    }

    private static AuthLimits authLimits(SettingsReader reader) {
        var defaults = AuthLimits.DEFAULTS;
        return new AuthLimits(
                reader.limit("CARAFE_LIMIT_LOGIN_ACCOUNT", defaults.loginFailuresPerAccount()),
                reader.limit("CARAFE_LIMIT_LOGIN_IP", defaults.loginFailuresPerClient()),
                reader.limit("CARAFE_LIMIT_REGISTER_IP", defaults.registrationsPerClient()),
                reader.limit("CARAFE_LIMIT_FORGOT_IP", defaults.forgotPasswordPerClient()),
                reader.limit("CARAFE_LIMIT_FORGOT_EMAIL", defaults.forgotPasswordPerAddress()),
                reader.limit("CARAFE_LIMIT_RESET_IP", defaults.resetPasswordPerClient()),
                reader.limit("CARAFE_LIMIT_CONFIRM_RESEND_IP", defaults.confirmResendPerClient()),
                reader.limit("CARAFE_LIMIT_CONFIRM_RESEND_EMAIL", defaults.confirmResendPerAddress()),
                reader.limit("CARAFE_LIMIT_MFA_ACCOUNT", defaults.secondFactorFailuresPerAccount()),
                reader.limit("CARAFE_LIMIT_EMAIL_CODE_IP", defaults.emailCodesPerClient()),
                defaults.emailCodesPerAccount());
    }

    private static MfaSettings mfaSettings(SettingsReader reader) {
        var defaults = MfaSettings.DEFAULTS;
        // A value that does not parse is reported by failIfInvalid; meanwhile the default stands in.
        Set<String> requiredRoles = reader.parsed("CARAFE_MFA_REQUIRED_ROLES", "", Config::roles,
                "a comma-separated list of roles (" + String.join(", ", User.ROLES) + ")", true);
        List<String> previousKeys = reader.parsed("CARAFE_PREVIOUS_SECRET_KEYS", "", Config::commaList,
                "earlier secret keys separated by commas", false);
        return new MfaSettings(
                reader.duration("CARAFE_REAUTH_WINDOW", defaults.reauthWindow()),
                requiredRoles == null ? defaults.requiredRoles() : requiredRoles,
                Duration.ofDays(reader.integer("CARAFE_MFA_REMEMBER_DAYS", (int) defaults.rememberDevice().toDays(), 0, 365)),
                previousKeys == null ? defaults.previousSecretKeys() : previousKeys);
    }

    /**
     * CARAFE_OIDC_PROVIDERS=google,entra and for each CARAFE_OIDC_GOOGLE_ISSUER, _CLIENT_ID, _CLIENT_SECRET
     * (required), _LABEL, _SCOPES, _TRUST_MFA (SPEC §9).
     */
    private static List<ProviderSettings> identityProviders(SettingsReader reader) {
        var providers = new ArrayList<ProviderSettings>();
        for (String name : commaList(reader.text("CARAFE_OIDC_PROVIDERS", ""))) {
            String key = "CARAFE_OIDC_" + name.toUpperCase(java.util.Locale.ROOT).replace('-', '_') + "_";
            if (!name.matches("[a-z][a-z0-9-]{0,30}")) {
                reader.problem("CARAFE_OIDC_PROVIDERS must name providers in lower-case letters, digits and dashes, "
                        + "starting with a letter (it has '" + name + "').");
                continue;
            }
            // Kept exactly as given: the ID tokens' iss must equal it, trailing slash and all.
            URI issuer = reader.parsed(key + "ISSUER", null, Config::issuer, "the provider's https:// issuer URL", true);
            String clientId = reader.text(key + "CLIENT_ID", null);
            String secret = reader.text(key + "CLIENT_SECRET", null);
            for (var missing : List.of(key + "ISSUER", key + "CLIENT_ID", key + "CLIENT_SECRET")) {
                if (reader.text(missing, null) == null) reader.problem(missing + " must be set: " + name + " is in CARAFE_OIDC_PROVIDERS.");
            }
            String label = reader.text(key + "LABEL", Character.toUpperCase(name.charAt(0)) + name.substring(1));
            var scopes = java.util.Arrays.stream(reader.text(key + "SCOPES", String.join(" ", ProviderSettings.DEFAULT_SCOPES))
                    .split("[\\s,]+")).filter(s -> !s.isEmpty()).toList();
            if (!scopes.contains("openid")) reader.problem(key + "SCOPES must include openid (it is " + scopes + ").");
            boolean trustMfa = reader.bool(key + "TRUST_MFA", false);
            if (issuer != null && clientId != null && secret != null) {
                providers.add(new ProviderSettings(name, issuer, clientId, secret, label, scopes, trustMfa));
            }
        }
        return providers;
    }

    private static URI issuer(String value) {
        URI uri = URI.create(value);
        if (!("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) || uri.getHost() == null
                || uri.getQuery() != null || uri.getFragment() != null) {
            throw new IllegalArgumentException("not an http(s) URL without a query or fragment");
        }
        return uri;
    }

    private static Set<String> roles(String value) {
        var roles = new java.util.LinkedHashSet<String>(commaList(value));
        for (String role : roles) {
            if (!User.ROLES.contains(role)) throw new IllegalArgumentException("'" + role + "' is not a role");
        }
        return roles;
    }

    private static List<String> commaList(String value) {
        return java.util.Arrays.stream(value.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    /**
     * In production an unsafe setting stops the server: each problem is one sentence saying which
     * setting and why, so the operator can fix them all in one go.
     */
    public List<String> productionProblems() {
        if (!production()) return List.of();
        var problems = new ArrayList<String>();
        if (secretKey == null || secretKey.length() < 32) {
            problems.add("CARAFE_SECRET_KEY must be set to at least 32 random characters in production "
                    + "(it signs cookies; generate one with: openssl rand -base64 48).");
        }
        if (!secureCookies) {
            problems.add("Cookies must be Secure in production: serve Carafe over https and set CARAFE_BASE_URL "
                    + "to its https:// address (or CARAFE_COOKIE_SECURE=true behind a TLS-terminating proxy).");
        }
        if (redisUrl != null && usesSqlite()) {
            problems.add("CARAFE_REDIS_URL is set, which means several instances, but the database is SQLite, a "
                    + "file only one instance can use: set CARAFE_DATABASE_URL to your PostgreSQL database "
                    + "(jdbc:postgresql://host:5432/name?user=...).");
        }
        if (!"https".equals(baseUrl.getScheme())) {
            problems.add("CARAFE_BASE_URL must be an https:// address in production (it is " + baseUrl + ").");
        }
        // Discovery, keys and the code exchange over http could be read or changed on the way (OpenID
        // Connect Core 3.1.2.1 requires TLS; ASVS 12.2.1).
        for (var provider : identityProviders) {
            if (!"https".equals(provider.issuer().getScheme())) {
                problems.add("CARAFE_OIDC_" + provider.name().toUpperCase(java.util.Locale.ROOT).replace('-', '_')
                        + "_ISSUER must be an https:// address in production (it is " + provider.issuer() + ").");
            }
        }
        return problems;
    }

    /**
     * One hash per core, at most 4: each takes 7 MiB of heap while it runs and makes the collector copy
     * it, so the bound keeps a login flood light on the default 256 MiB heap on any machine
     * (docs/decisions/0016-jvm-defaults.md, 0018-argon2id-parameters.md).
     */
    static int defaultHashConcurrency() {
        return Math.min(Runtime.getRuntime().availableProcessors(), 4);
    }

    public boolean usesSqlite() {
        return databaseUrl.startsWith("jdbc:sqlite:");
    }

    private static String redisUrl(String value) {
        if (!value.startsWith("redis://") && !value.startsWith("rediss://")) {
            throw new IllegalArgumentException("it must start with redis:// or rediss://");
        }
        try {
            io.lettuce.core.RedisURI.create(value);
        } catch (IllegalArgumentException e) {
            // Lettuce's reason may quote the URL, password included: say only that it is not one.
            throw new IllegalArgumentException("it is not a Redis URL Lettuce can read");
        }
        return value;
    }

    private static Map<String, String> readProperties(Path file) {
        var properties = new Properties();
        try (Reader in = Files.newBufferedReader(file)) {
            properties.load(in);
        } catch (IOException e) {
            throw new ConfigException(List.of("Cannot read " + file + ": " + e.getMessage()));
        }
        var result = new HashMap<String, String>();
        properties.forEach((key, value) -> result.put(key.toString().trim(), value.toString().trim()));
        return result;
    }

    /** Thrown when settings cannot be used; its message lists every problem found. */
    public static final class ConfigException extends RuntimeException {
        public ConfigException(List<String> problems) {
            super("Carafe cannot start:\n  - " + String.join("\n  - ", problems));
        }
    }
}
