package carafe.app;

import carafe.account.AccountApi;
import carafe.admin.AdminApi;
import carafe.admin.AdminPages;
import carafe.admin.AdminUsers;
import carafe.account.AccountPages;
import carafe.account.AccountSettings;
import carafe.account.EmailConfirmations;
import carafe.account.Links;
import carafe.account.OneTimeTokens;
import carafe.account.PasswordResets;
import carafe.account.RecoveryApi;
import carafe.account.RecoveryPages;
import carafe.account.TokenPages;
import carafe.audit.AuditLog;
import carafe.auth.AccessControl;
import carafe.auth.Accounts;
import carafe.auth.ApiTokens;
import carafe.auth.AuthApi;
import carafe.auth.AuthPages;
import carafe.auth.AuthThrottle;
import carafe.auth.Authentication;
import carafe.auth.HashingGate;
import carafe.auth.PasswordHasher;
import carafe.auth.PreSessionTokens;
import carafe.auth.SessionCookie;
import carafe.auth.SessionStore;
import carafe.auth.Sessions;
import carafe.auth.SignedOutForms;
import carafe.auth.TokensApi;
import carafe.auth.UserRepository;
import carafe.db.Database;
import carafe.db.Migrations;
import carafe.docs.ApiDocs;
import carafe.home.HomePage;
import carafe.mail.AccountMails;
import carafe.mail.MailAddresses;
import carafe.mail.MailQueue;
import carafe.mail.MailTemplates;
import carafe.mail.Mailer;
import carafe.mail.OutboxMailer;
import carafe.mail.SmtpMailer;
import carafe.metrics.Metrics;
import carafe.notes.Notes;
import carafe.notes.NotesApi;
import carafe.notes.NotesPages;
import carafe.redis.Redis;
import carafe.web.Assets;
import carafe.web.ClientAddress;
import carafe.web.Cookies;
import carafe.web.CrossSiteCheck;
import carafe.web.ErrorResponses;
import carafe.web.Flash;
import carafe.web.Forms;
import carafe.web.Json;
import carafe.web.JsonBody;
import carafe.web.LowLevelErrors;
import carafe.web.RequestIds;
import carafe.web.RequestValidator;
import carafe.web.SecurityHeaders;
import carafe.web.SignedValues;
import carafe.web.Pages;
import io.javalin.Javalin;
import io.javalin.json.JavalinJackson;
import java.time.Clock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.ServerConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The app factory: builds every part from one {@link Config} and a {@link Clock}, by hand, in the order
 * they depend on each other. {@link Main} and the tests both start Carafe through here.
 */
public final class App implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(App.class);
    private static final Duration PURGE_INTERVAL = Duration.ofMinutes(10);
    private static final int ACCEPT_QUEUE_SIZE = 1024;

    private final Config config;
    private final Database database;
    private final Redis redis;
    private final Sessions sessions;
    private final ApiTokens apiTokens;
    private final MailQueue mailQueue;
    private final AccountMails accountMails;
    private final RequestValidator validator;
    private final Javalin server;
    private final List<String> registeredRoutes = new ArrayList<>();
    private final ScheduledExecutorService janitor;
    private final ExecutorService background = Executors.newVirtualThreadPerTaskExecutor();
    private final OneTimeTokens oneTimeTokens;
    /** Set when shutdown begins: readiness answers 503 and every response closes its connection. */
    private volatile boolean draining;
    /** The HTTP listener, closed on its own when a drain begins (see {@link #close}). */
    private volatile ServerConnector connector;

    private App(Config config, Clock clock) {
        this.config = config;
        this.database = Database.open(config);
        try {
            if (config.migrateOnStart()) new Migrations(database).migrate();
            this.redis = SharedState.redis(config);
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }

        var mapper = Json.mapper();
        this.validator = new RequestValidator();
        var json = new JsonBody(mapper, validator);
        var cookies = new Cookies(config.secureCookies());
        var signer = new SignedValues(config.secretKey());
        var flash = new Flash(cookies, signer);
        var assets = new Assets();
        var crossSite = new CrossSiteCheck(config.baseUrl());
        var clientAddress = new ClientAddress(config.trustedProxies());

        this.mailQueue = new MailQueue(database.dsl(), mailer(config, clock), config.mail(), clock);
        this.accountMails = new AccountMails(mailQueue, new MailTemplates(siteName(config)),
                config.confirmationLinkLifetime(), config.resetLinkLifetime());

        var users = new UserRepository(database.dsl());
        var audit = new AuditLog(database.dsl(), clock);
        this.sessions = SharedState.sessions(config, database, redis, clock);
        this.apiTokens = new ApiTokens(database.dsl(), audit, clock);
        var metrics = new Metrics(sessions);
        var authentication = new Authentication(sessions, users, new SessionCookie(cookies), apiTokens, audit);
        var links = new Links(config.baseUrl());
        this.oneTimeTokens = new OneTimeTokens(database.dsl(), clock);
        var confirmations = new EmailConfirmations(oneTimeTokens, users, accountMails, audit, links,
                config.confirmationLinkLifetime(), clock);
        var accounts = new Accounts(users, new PasswordHasher(config.passwordHashConcurrency()),
                new HashingGate(config.passwordHashConcurrency(), Duration.ofSeconds(10)), clock, metrics, audit,
                confirmations, config.requireEmailConfirmation());
        var resets = new PasswordResets(users, oneTimeTokens, accounts, sessions, accountMails, audit, links,
                config.resetLinkLifetime(), clock, background);
        var accountSettings = new AccountSettings(users, accounts, sessions, confirmations, audit, clock);
        var accessControl = new AccessControl(authentication);
        var rateLimitBuckets = SharedState.rateLimitBuckets(redis, clock);
        var authThrottle = new AuthThrottle(config.authLimits(), rateLimitBuckets);
        var pages = new Pages(authentication::viewer, flash, assets);
        var securityHeaders = new SecurityHeaders("https".equals(config.baseUrl().getScheme()));
        var errors = new ErrorResponses(mapper, pages::renderError);

        var authApi = new AuthApi(accounts, authentication, authThrottle, json, crossSite);
        var forms = new Forms(validator);
        var signedOutForms = new SignedOutForms(new PreSessionTokens(cookies, signer), crossSite);
        var authPages = new AuthPages(accounts, authentication, authThrottle, pages, flash, signedOutForms, forms);
        var accountApi = new AccountApi(accountSettings, confirmations, oneTimeTokens, sessions, authentication,
                authThrottle, audit, json);
        var recoveryApi = new RecoveryApi(confirmations, resets, authThrottle, json, crossSite);
        var accountPages = new AccountPages(accountSettings, confirmations, oneTimeTokens, sessions, authentication,
                authThrottle, audit, apiTokens, pages, flash, forms, clock);
        var recoveryPages = new RecoveryPages(confirmations, resets, authThrottle, pages, flash, signedOutForms,
                forms);
        var tokensApi = new TokensApi(apiTokens, authentication, json);
        var tokenPages = new TokenPages(apiTokens, authentication, accountPages, flash, forms, clock);
        var notes = new Notes(database.dsl(), clock);
        var notesApi = new NotesApi(notes, authentication, json, mapper);
        var notesPages = new NotesPages(notes, authentication, pages, flash, forms);
        var adminUsers = new AdminUsers(database.dsl(), sessions, apiTokens, audit, clock);
        var adminApi = new AdminApi(adminUsers, authentication, json);
        var adminPages = new AdminPages(adminUsers, authentication, pages, flash);
        var home = new HomePage(pages, authentication, notes);
        var health = new Health(database, redis, () -> draining);

        this.server = Javalin.create(javalin -> {
            javalin.startup.showJavalinBanner = false;
            javalin.concurrency.useVirtualThreads = true;
            javalin.http.maxRequestSize = config.maxRequestBytes();
            javalin.http.generateEtags = false;
            javalin.http.prefer405over404 = true;
            javalin.events.handlerAdded(handler -> {
                if (handler.getHttpMethod().isHttpMethod()) {
                    registeredRoutes.add(handler.getHttpMethod().name() + " " + handler.getPath());
                }
            });
            javalin.jsonMapper(new JavalinJackson(mapper, false));
            javalin.jetty.modifyServer(jetty -> {
                jetty.setErrorHandler(new LowLevelErrors());
                // On stop, Jetty closes the listener and lets requests in flight finish, for up to
                // this long, before it closes connections (GracefulShutdownTest).
                jetty.setStopTimeout(config.shutdownGrace().toMillis());
            });
            javalin.jetty.addConnector((jetty, http) -> {
                var connector = new ServerConnector(jetty, new HttpConnectionFactory(http));
                connector.setHost(config.host());
                connector.setPort(config.port());
                // The kernel's queue of connections not yet accepted. Jetty's default (the JDK's 50)
                // overflows when a burst of clients connect at once, and the kernel then resets
                // the overflow instead of serving it later. Capped by net.core.somaxconn.
                connector.setAcceptQueueSize(ACCEPT_QUEUE_SIZE);
                this.connector = connector;
                return connector;
            });
            javalin.jetty.modifyHttpConfiguration(http -> {
                http.setSendServerVersion(false);
                http.setSendXPoweredBy(false);
                // Jetty keeps a cache of header lines per connection: ~100 KB each (three 32 KB arrays),
                // ~1 GB for 10 000 kept-alive connections, and garbage for the old generation whenever
                // connections come and go (+14 MiB per benchmark workload, never handed back). Without
                // it, requests/s are the same and the process stays ~50 MiB smaller
                // (docs/decisions/0016-jvm-defaults.md).
                http.setHeaderCacheSize(0);
            });
            var routes = javalin.routes;
            routes.before(ctx -> {
                RequestIds.assign(ctx);
                clientAddress.assign(ctx);
                securityHeaders.apply(ctx);
                // While draining, the proxy is told not to reuse this connection, so by the time Jetty
                // stops no request can be on its way to us over a kept-alive connection.
                if (draining) ctx.header("Connection", "close");
            });
            routes.beforeMatched(accessControl::check);
            errors.register(javalin);
            metrics.register(javalin);
            routes.get(Assets.PREFIX + "{file}", assets::serve);
            health.routes(routes);
            authApi.routes(routes);
            authPages.routes(routes);
            recoveryApi.routes(routes);
            recoveryPages.routes(routes);
            accountApi.routes(routes);
            accountPages.routes(routes);
            tokensApi.routes(routes);
            tokenPages.routes(routes);
            notesApi.routes(routes);
            notesPages.routes(routes);
            adminApi.routes(routes);
            adminPages.routes(routes);
            home.routes(routes);
            new ApiDocs().routes(routes);
        });
        this.janitor = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("session-janitor").daemon()
                .factory());
    }

    /** Builds Carafe; refuses an unsafe production configuration before touching anything. */
    public static App create(Config config, Clock clock) {
        var problems = config.productionProblems();
        if (!problems.isEmpty()) throw new Config.ConfigException(problems);
        return new App(SecretKeys.withSecretKey(config), clock);
    }

    public App start() {
        server.start(); // host and port are the connector's, set above
        mailQueue.start();
        // Expired sessions and API tokens are deleted in the background, never on a request's path.
        janitor.scheduleWithFixedDelay(this::purgeExpired, 5, PURGE_INTERVAL.toSeconds(), TimeUnit.SECONDS);
        return this;
    }

    public int port() {
        return server.port();
    }

    /** Every registered HTTP route as "METHOD /path", e.g. "GET /api/notes/{id}", in registration order. */
    public List<String> routes() {
        return List.copyOf(registeredRoutes);
    }

    public Database database() {
        return database;
    }

    public Sessions sessions() {
        return sessions;
    }

    /** Where sessions are kept (the database or Redis), for tests and tools that look inside. */
    public SessionStore sessionStore() {
        return sessions.store();
    }

    /** The mails of the account features (confirmation, password reset, email change). */
    public AccountMails accountMails() {
        return accountMails;
    }

    public MailQueue mailQueue() {
        return mailQueue;
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

    public ApiTokens apiTokens() {
        return apiTokens;
    }

    private void purgeExpired() {
        try {
            int purged = sessions.purgeExpired();
            if (purged > 0) log.info("Removed {} expired sessions", purged);
            int links = oneTimeTokens.purgeExpired();
            if (links > 0) log.info("Removed {} expired one-time links", links);
        } catch (RuntimeException e) {
            log.warn("Could not remove expired sessions and links; will retry", e);
        }
        try {
            int purged = apiTokens.purgeExpired();
            if (purged > 0) log.info("Removed {} API tokens expired for over a month", purged);
        } catch (RuntimeException e) {
            log.warn("Could not remove expired API tokens; will retry", e);
        }
    }

    /**
     * Shuts down without failing a request: with a CARAFE_SHUTDOWN_DRAIN, first closes the listener and
     * drains for that long (new connections are refused, so the load balancer moves away; requests on
     * open connections are still served, readiness answering 503, each response closing its connection),
     * then lets in-flight requests finish (at most CARAFE_SHUTDOWN_GRACE), stops the mail worker (mail
     * still queued stays in the database), then closes the pools.
     */
    @Override
    public void close() {
        draining = true;
        if (!config.shutdownDrain().isZero()) stopAccepting();
        keepServingFor(config.shutdownDrain());
        janitor.shutdownNow();
        server.stop();
        background.close(); // waits for reset mails being prepared, so none is lost to a stop
        mailQueue.close();
        if (redis != null) redis.close();
        database.close();
        validator.close();
    }

    /**
     * Closes the listener, not the connections it accepted. A proxy's next attempt to connect is
     * refused, which nginx retries on another instance even for a POST (nothing was sent) and counts
     * as a failure, so it stops trying this instance; requests on connections it already holds are
     * answered, each closing its connection. Closing the listener at the end of the drain instead,
     * with Jetty's stop, reset requests on connections accepted a moment before: every response of a
     * drain closes its connection, so the proxy opens a new one for each request until the end, and a
     * POST it has sent cannot be resent (deploy/prove, phase e).
     */
    private void stopAccepting() {
        var listener = connector;
        if (listener == null) return;
        listener.setAccepting(false);
        listener.close();
    }

    private static void keepServingFor(Duration drain) {
        if (drain.isZero()) return;
        log.info("Listener closed; draining for {} s: answering on open connections, each then closed", drain.toSeconds());
        try {
            Thread.sleep(drain);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
