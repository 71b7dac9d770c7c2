package carafe.app;

import carafe.account.AccountSettings;
import carafe.account.EmailConfirmations;
import carafe.account.Links;
import carafe.account.OneTimeTokens;
import carafe.account.PasswordResets;
import carafe.admin.AdminUsers;
import carafe.audit.AuditLog;
import carafe.auth.Accounts;
import carafe.auth.ApiTokens;
import carafe.auth.Ceremonies;
import carafe.auth.HashingGate;
import carafe.auth.PasswordHasher;
import carafe.auth.Sessions;
import carafe.auth.UserRepository;
import carafe.db.Database;
import carafe.db.Migrations;
import carafe.emailcode.EmailCodes;
import carafe.idempotency.IdempotencyKeys;
import carafe.mail.AccountMails;
import carafe.mail.FailedMails;
import carafe.mail.MailAddresses;
import carafe.mail.MailQueue;
import carafe.mail.MailTemplates;
import carafe.mail.Mailer;
import carafe.mail.OutboxMailer;
import carafe.mail.SmtpMailer;
import carafe.metrics.Metrics;
import carafe.mfa.FactorEvents;
import carafe.mfa.RememberedDevices;
import carafe.mfa.SecondFactors;
import carafe.notes.Notes;
import carafe.oidc.Identities;
import carafe.passkeys.Passkeys;
import carafe.recoverycodes.RecoveryCodes;
import carafe.redis.Redis;
import carafe.throttle.BucketStore;
import carafe.totp.Totp;
import carafe.web.Cookies;
import carafe.web.SignedValues;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything but HTTP: the database (migrated), the shared state (Redis or not), the mail queue and
 * the features' services, built by hand from one {@link Config} and a {@link Clock}. The server
 * ({@link App}) and the operator commands ({@code carafe users ...}) both start from here, so a command
 * and a request apply the same rules to the same data.
 */
public final class Services implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Services.class);

    private final Config config;
    private final Clock clock;
    private final Database database;
    private final Redis redis;
    private final ExecutorService background = Executors.newVirtualThreadPerTaskExecutor();
    private final MailQueue mailQueue;
    private final FailedMails failedMails;
    private final AccountMails accountMails;
    private final UserRepository users;
    private final AuditLog audit;
    private final Sessions sessions;
    private final BucketStore rateLimitBuckets;
    private final IdempotencyKeys idempotencyKeys;
    private final ApiTokens apiTokens;
    private final Metrics metrics;
    private final OneTimeTokens oneTimeTokens;
    private final EmailConfirmations confirmations;
    private final Accounts accounts;
    private final PasswordResets resets;
    private final AccountSettings accountSettings;
    private final AdminUsers adminUsers;
    private final Notes notes;
    private final RecoveryCodes recoveryCodes;
    private final Totp totp;
    private final SecondFactors secondFactors;
    private final FactorEvents factorEvents;
    private final Ceremonies ceremonies;
    private final Passkeys passkeys;
    private final Identities identities;
    private final EmailCodes emailCodes;

    private Services(Config config, Clock clock) {
        this.config = config;
        this.clock = clock;
        this.database = Database.open(config.database());
        try {
            // A command against a fresh database finds the tables it needs, as serve does.
            if (config.migrateOnStart()) new Migrations(database).migrate();
            this.redis = SharedState.redis(config);
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
        var dsl = database.dsl();
        this.sessions = SharedState.sessions(config, database, redis, clock);
        this.failedMails = new FailedMails(dsl, config.mail().failedRetention(), clock);
        this.metrics = new Metrics(sessions, failedMails);
        this.mailQueue = new MailQueue(dsl, mailer(config, clock), config.mail(), clock, metrics);
        this.accountMails = new AccountMails(mailQueue, new MailTemplates(siteName(config)),
                config.confirmationLinkLifetime(), config.resetLinkLifetime());
        this.users = new UserRepository(dsl);
        this.audit = new AuditLog(dsl, clock);
        this.rateLimitBuckets = SharedState.rateLimitBuckets(redis, clock);
        this.idempotencyKeys = SharedState.idempotencyKeys(config, database, redis, clock);
        this.apiTokens = new ApiTokens(dsl, audit, clock);
        var passwordHasher = new PasswordHasher(config.passwordHashConcurrency());
        var hashing = new HashingGate(config.passwordHashConcurrency(), Duration.ofSeconds(10));

        // Second factors: each its own package, gathered by SecondFactors (docs/decisions/0026).
        var devices = new RememberedDevices(dsl, new Cookies(config.secureCookies()), new SignedValues(config.secretKey()),
                config.mfa().rememberDevice(), clock);
        this.factorEvents = new FactorEvents(devices, audit, accountMails);
        this.recoveryCodes = new RecoveryCodes(dsl, passwordHasher, hashing, factorEvents, clock);
        this.totp = new Totp(dsl, config.secretKey(), config.mfa().previousSecretKeys(), recoveryCodes, factorEvents,
                siteName(config), clock);
        this.ceremonies = new Ceremonies(SharedState.ceremonies(database, redis), clock);
        this.passkeys = new Passkeys(dsl, ceremonies, factorEvents, audit, config.baseUrl(), siteName(config), clock);
        this.secondFactors = new SecondFactors(List.of(totp, passkeys, recoveryCodes), devices, factorEvents, sessions,
                users, config.mfa().requiredRoles());

        var links = new Links(config.baseUrl());
        this.oneTimeTokens = new OneTimeTokens(dsl, clock);
        this.confirmations = new EmailConfirmations(oneTimeTokens, users, accountMails, audit, links,
                config.confirmationLinkLifetime(), clock);
        this.accounts = new Accounts(users, passwordHasher, hashing, clock, metrics, audit, confirmations,
                config.requireEmailConfirmation(), secondFactors);
        this.identities = new Identities(dsl, config.identityProviders(), config.identityProviderSignUp(), users,
                userId -> accounts.hasPassword(userId) || passkeys.countFor(userId) > 0, audit, accountMails, clock);
        this.emailCodes = new EmailCodes(users, accounts, ceremonies, accountMails, audit, config.secretKey(), clock,
                background, config.emailCodeLogin(), identities::mailboxProven);
        this.resets = new PasswordResets(users, oneTimeTokens, accounts, sessions, accountMails, audit, links,
                config.resetLinkLifetime(), clock, background, identities::mailboxProven);
        this.accountSettings = new AccountSettings(users, accounts, sessions, confirmations, audit, clock);
        this.adminUsers = new AdminUsers(dsl, sessions, apiTokens, audit, secondFactors, clock);
        this.notes = new Notes(dsl, clock);
    }

    /** Opens everything for this configuration, on the system clock. */
    public static Services open(Config config) {
        return open(config, systemClock());
    }

    /**
     * Opens everything for this configuration; tests pass a clock they move. Without CARAFE_SECRET_KEY
     * (development), the key generated into the data folder is used.
     */
    public static Services open(Config config, Clock clock) {
        return new Services(SecretKeys.withSecretKey(config), clock);
    }

    /** Time for everything: UTC, to the millisecond, as stored and shown. */
    public static Clock systemClock() {
        return Clock.tick(Clock.systemUTC(), Duration.ofMillis(1));
    }

    public Config config() { return config; }
    public Clock clock() { return clock; }
    public Database database() { return database; }
    /** Null when CARAFE_REDIS_URL is not set. */
    public Redis redis() { return redis; }
    public MailQueue mailQueue() { return mailQueue; }
    /** Mail the queue gave up on, kept for CARAFE_MAIL_FAILED_RETENTION. */
    public FailedMails failedMails() { return failedMails; }
    public AccountMails accountMails() { return accountMails; }
    public UserRepository users() { return users; }
    public AuditLog audit() { return audit; }
    public Sessions sessions() { return sessions; }
    /** Where rate-limit buckets live: this process's memory, or Redis. */
    public BucketStore rateLimitBuckets() { return rateLimitBuckets; }
    /** The Idempotency-Key records of create routes: in the database, or Redis. */
    public IdempotencyKeys idempotencyKeys() { return idempotencyKeys; }
    public ApiTokens apiTokens() { return apiTokens; }
    public Metrics metrics() { return metrics; }
    public OneTimeTokens oneTimeTokens() { return oneTimeTokens; }
    public EmailConfirmations confirmations() { return confirmations; }
    public Accounts accounts() { return accounts; }
    public PasswordResets resets() { return resets; }
    public AccountSettings accountSettings() { return accountSettings; }
    public AdminUsers adminUsers() { return adminUsers; }
    public Notes notes() { return notes; }
    public RecoveryCodes recoveryCodes() { return recoveryCodes; }
    public Totp totp() { return totp; }
    public SecondFactors secondFactors() { return secondFactors; }
    public FactorEvents factorEvents() { return factorEvents; }
    public Ceremonies ceremonies() { return ceremonies; }
    public Passkeys passkeys() { return passkeys; }
    public Identities identities() { return identities; }
    public EmailCodes emailCodes() { return emailCodes; }

    /**
     * Waits for background work (reset and sign-in code mails being prepared, so none is lost to a stop), stops the mail
     * worker (mail still queued stays in the database), then closes Redis and the database.
     */
    @Override
    public void close() {
        background.close();
        mailQueue.close();
        metrics.close();
        if (redis != null) redis.close();
        database.close();
    }

    /** SMTP when CARAFE_SMTP_URL is set; otherwise .eml files in the outbox folder, for development. */
    private static Mailer mailer(Config config, Clock clock) {
        var mail = config.mail();
        var from = MailAddresses.sender(mail.from());
        if (config.production() && from.getAddress().endsWith("@localhost")) {
            log.warn("CARAFE_MAIL_FROM is {}: receivers reject or bin such mail; use an address of your domain", from);
        }
        if (mail.smtp() != null) return new SmtpMailer(mail.smtp(), from, mail.smtpTimeout(), clock);
        Path outbox = config.dataDir().resolve("outbox");
        if (config.production()) {
            log.warn("CARAFE_SMTP_URL is not set: mail is written to {} and never sent", outbox);
        }
        return new OutboxMailer(outbox, from, clock);
    }

    /** How mails name the application: the From header's name ("Carafe"), else the public host name. */
    private static String siteName(Config config) {
        String personal = MailAddresses.sender(config.mail().from()).getPersonal();
        return personal != null && !personal.isBlank() ? personal : config.baseUrl().getHost();
    }
}
