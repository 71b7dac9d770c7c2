package carafe.app;

import carafe.account.AccountApi;
import carafe.account.AccountPage;
import carafe.account.AccountPages;
import carafe.account.RecoveryApi;
import carafe.account.RecoveryPages;
import carafe.account.TokenPages;
import carafe.admin.AdminApi;
import carafe.admin.AdminPages;
import carafe.auth.Access;
import carafe.auth.AccessControl;
import carafe.auth.ApiTokens;
import carafe.auth.Assurance;
import carafe.auth.AuthApi;
import carafe.auth.AuthPages;
import carafe.auth.AuthThrottle;
import carafe.auth.Authentication;
import carafe.auth.PreSessionTokens;
import carafe.auth.SessionCookie;
import carafe.auth.SessionStore;
import carafe.auth.Sessions;
import carafe.auth.SignInSteps;
import carafe.auth.SignedOutForms;
import carafe.auth.TokensApi;
import carafe.db.Database;
import carafe.db.ServerLock;
import carafe.docs.ApiDocs;
import carafe.emailcode.EmailCodeApi;
import carafe.emailcode.EmailCodePages;
import carafe.home.HomePage;
import carafe.idempotency.Idempotency;
import carafe.mail.AccountMails;
import carafe.mail.MailQueue;
import carafe.mfa.MfaApi;
import carafe.mfa.Reauthentication;
import carafe.mfa.SecondStep;
import carafe.mfa.TwoStepPages;
import carafe.mfa.TwoStepSections;
import carafe.notes.NotesApi;
import carafe.notes.NotesPages;
import carafe.oidc.IdentitiesApi;
import carafe.oidc.IdentityProviderPages;
import carafe.oidc.ProviderSettings;
import carafe.passkeys.PasskeyPages;
import carafe.passkeys.PasskeysApi;
import carafe.recoverycodes.RecoveryCodesApi;
import carafe.recoverycodes.RecoveryCodesPages;
import carafe.totp.TotpApi;
import carafe.totp.TotpPages;
import carafe.web.Assets;
import carafe.web.BrowserIds;
import carafe.web.ClientAddress;
import carafe.web.Cookies;
import carafe.web.CrossSiteCheck;
import carafe.web.ErrorResponses;
import carafe.web.Flash;
import carafe.web.Forms;
import carafe.web.Json;
import carafe.web.JsonBody;
import carafe.web.Pages;
import carafe.web.RequestIds;
import carafe.web.RequestValidator;
import carafe.web.SecurityHeaders;
import carafe.web.SignedValues;
import carafe.web.Web;
import java.time.Clock;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * The app factory: builds the web parts over {@link Services} from one {@link Config} and a
 * {@link Clock}, by hand, in the order they depend on each other, and lists every route. {@link Main}
 * and the tests both start Carafe through here.
 */
public final class App implements AutoCloseable {
    private final ServerLock serverLock;
    private final Services services;
    private final RequestValidator validator = new RequestValidator();
    private final HttpServer server;
    private final Janitor janitor;

    private App(ServerLock serverLock, Services services) {
        this.serverLock = serverLock;
        this.services = services;
        var config = services.config();
        var clock = services.clock();
        var mapper = Json.mapper();
        var json = new JsonBody(mapper, validator);
        var forms = new Forms(validator);
        var cookies = new Cookies(config.secureCookies());
        var signer = new SignedValues(config.secretKey());
        var flash = new Flash(cookies, signer);
        var assets = new Assets();
        var crossSite = new CrossSiteCheck(config.baseUrl());
        var clientAddress = new ClientAddress(config.trustedProxies());
        var securityHeaders = new SecurityHeaders("https".equals(config.baseUrl().getScheme()),
                config.identityProviders().stream().map(ProviderSettings::issuer).toList());

        var sessions = services.sessions();
        var authentication = new Authentication(sessions, services.users(), new SessionCookie(cookies),
                services.apiTokens(), services.audit());
        var secondFactors = services.secondFactors();
        var accessControl = new AccessControl(authentication, secondFactors, !config.mfa().requiredRoles().isEmpty(),
                config.mfa().reauthWindow(), clock, path -> server().answersGet(path));
        var authThrottle = new AuthThrottle(config.authLimits(), services.rateLimitBuckets(), config.secretKey(),
                services.metrics());
        var signedOutForms = new SignedOutForms(new PreSessionTokens(cookies, signer), crossSite);
        var pages = new Pages(authentication::viewer, flash, assets);
        var errors = new ErrorResponses(mapper, pages::renderError);
        // What every feature's routes share; a generated resource takes it whole (see the routes below).
        var idempotency = new Idempotency(services.idempotencyKeys(), authentication);
        var web = new Web(ctx -> authentication.user(ctx).id(), idempotency, json, mapper, pages, flash, forms);

        // What follows a right password, email code or identity provider: the second step, or a session.
        var signInSteps = new SignInSteps(authentication, secondFactors, flash);
        var authApi = new AuthApi(services.accounts(), authentication, authThrottle, json, crossSite, signInSteps);
        var browsers = new BrowserIds(cookies);
        var identityProviderPages = new IdentityProviderPages(services.identities(), authentication, services.accounts(),
                signInSteps, services.ceremonies(), browsers, services.audit(), pages, flash, mapper, config.baseUrl());
        var identitiesApi = new IdentitiesApi(services.identities(), authentication);
        // The ways in besides a password and passkeys that the sign-in page offers, those turned on.
        var emailCodeWayIn = services.emailCodes().enabled() ? List.of(EmailCodePages.WAY_IN) : List.<AuthPages.WayIn>of();
        Supplier<List<AuthPages.WayIn>> waysIn = () -> Stream.concat(identityProviderPages.waysIn().stream(),
                emailCodeWayIn.stream()).toList();
        var authPages = new AuthPages(services.accounts(), authentication, authThrottle, pages, flash, signedOutForms,
                forms, signInSteps, waysIn);
        var secondStep = new SecondStep(secondFactors, authentication, authThrottle, services.audit(),
                services.factorEvents(), browsers);
        var reauthentication = new Reauthentication(services.accounts(), authentication, authThrottle, services.audit(),
                secondStep);
        var mfaApi = new MfaApi(secondFactors, secondStep, reauthentication, authentication, json, crossSite);
        var passkeyPages = new PasskeyPages(services.passkeys(), authentication, flash, forms);
        // The parts factors add to the two-step settings, on /account and /account/two-step.
        var twoStepSections = new TwoStepSections(secondFactors, List.of(passkeyPages.settingsPart()));
        var twoStepPages = new TwoStepPages(secondFactors, secondStep, reauthentication, authentication, pages, flash,
                signedOutForms, twoStepSections, identityProviderPages::waysToConfirm);
        var passkeysApi = new PasskeysApi(services.passkeys(), secondStep, services.accounts(), services.users(),
                authentication, browsers, json, crossSite);
        var emailCodeApi = new EmailCodeApi(services.emailCodes(), signInSteps, authThrottle, browsers,
                json, crossSite);
        var emailCodePages = new EmailCodePages(services.emailCodes(), authentication, signInSteps, authThrottle,
                browsers, pages, signedOutForms, forms);
        var totpApi = new TotpApi(services.totp(), authentication, json);
        var totpPages = new TotpPages(services.totp(), authentication, pages, flash);
        var recoveryCodesApi = new RecoveryCodesApi(services.recoveryCodes(), secondFactors, authentication);
        var recoveryCodesPages = new RecoveryCodesPages(services.recoveryCodes(), secondFactors, authentication, pages,
                flash);
        var recoveryApi = new RecoveryApi(services.confirmations(), services.resets(), authThrottle, json, crossSite);
        var recoveryPages = new RecoveryPages(services.confirmations(), services.resets(), authThrottle, pages, flash,
                signedOutForms, forms);
        var accountApi = new AccountApi(services.accountSettings(), services.confirmations(), sessions, authentication,
                authThrottle, services.audit(), json);
        var accountPage = new AccountPage(authentication, services.accountSettings(), sessions, services.audit(),
                services.apiTokens(), twoStepSections, List.of(identityProviderPages.accountPart()), pages, clock);
        var accountPages = new AccountPages(services.accountSettings(), services.confirmations(), sessions,
                authentication, authThrottle, services.audit(), accountPage, flash, forms);
        var tokensApi = new TokensApi(services.apiTokens(), authentication, json);
        var tokenPages = new TokenPages(services.apiTokens(), authentication, accountPage, flash, forms, clock);
        var notesApi = new NotesApi(services.notes(), authentication, idempotency, json, mapper);
        var notesPages = new NotesPages(services.notes(), authentication, pages, flash, forms);
        var adminApi = new AdminApi(services.adminUsers(), authentication, json, secondFactors);
        var adminPages = new AdminPages(services.adminUsers(), authentication, pages, flash, secondFactors);
        var home = new HomePage(pages, authentication, services.notes());
        var health = new Health(services.database(), services.redis(), () -> server().isDraining());
        var metrics = services.metrics();

        this.server = new HttpServer(config, mapper, javalin -> {
            AccessControl.requireRuleOnEveryRoute(javalin);
            var routes = javalin.routes;
            routes.before(ctx -> {
                RequestIds.assign(ctx);
                clientAddress.assign(ctx);
                securityHeaders.apply(ctx);
            });
            routes.beforeMatched(accessControl::check);
            errors.register(javalin);
            metrics.register(javalin);
            // The two-step setup page a required second factor leads to needs its stylesheet.
            routes.get(Assets.PREFIX + "{file}", assets::serve, Access.ANYONE, Assurance.BEFORE_SECOND_FACTOR);
            health.routes(routes);
            authApi.routes(routes);
            authPages.routes(routes);
            mfaApi.routes(routes);
            twoStepPages.routes(routes);
            passkeysApi.routes(routes);
            identityProviderPages.routes(routes);
            identitiesApi.routes(routes);
            passkeyPages.routes(routes);
            emailCodeApi.routes(routes);
            emailCodePages.routes(routes);
            totpApi.routes(routes);
            totpPages.routes(routes);
            recoveryCodesApi.routes(routes);
            recoveryCodesPages.routes(routes);
            recoveryApi.routes(routes);
            recoveryPages.routes(routes);
            accountApi.routes(routes);
            accountPage.routes(routes);
            accountPages.routes(routes);
            tokensApi.routes(routes);
            tokenPages.routes(routes);
            notesApi.routes(routes);
            notesPages.routes(routes);
            // Resources made by `./carafe new resource`, one line each (it adds them here):
            adminApi.routes(routes);
            adminPages.routes(routes);
            home.routes(routes);
            new ApiDocs().routes(routes);
        });
        this.janitor = new Janitor(services);
    }

    /** Builds Carafe on the system clock. */
    public static App create(Config config) {
        return create(config, Services.systemClock());
    }

    /**
     * Builds Carafe; refuses an unsafe production configuration before touching anything. On SQLite the
     * server holds the database's {@link ServerLock} until it closes, so {@code carafe db restore} cannot
     * replace the file under it (and a server does not start while a restore runs).
     */
    public static App create(Config config, Clock clock) {
        var problems = config.productionProblems();
        if (!problems.isEmpty()) throw new Config.ConfigException(problems);
        var lock = ServerLock.forServer(config.databaseUrl());
        Services services = null;
        try {
            services = Services.open(config, clock);
            return new App(lock, services);
        } catch (RuntimeException e) {
            if (services != null) services.close();
            lock.close();
            throw e;
        }
    }

    public App start() {
        server.start();
        services.mailQueue().start();
        janitor.start();
        return this;
    }

    private HttpServer server() {
        return server;
    }

    public int port() {
        return server.port();
    }

    /** Every registered HTTP route as "METHOD /path", e.g. "GET /api/notes/{id}", in registration order. */
    public List<String> routes() {
        return server.routes();
    }

    public Services services() {
        return services;
    }

    public Database database() {
        return services.database();
    }

    public Sessions sessions() {
        return services.sessions();
    }

    /** Where sessions are kept (the database or Redis), for tests and tools that look inside. */
    public SessionStore sessionStore() {
        return services.sessions().store();
    }

    /** The mails of the account features (confirmation, password reset, email change). */
    public AccountMails accountMails() {
        return services.accountMails();
    }

    public MailQueue mailQueue() {
        return services.mailQueue();
    }

    public ApiTokens apiTokens() {
        return services.apiTokens();
    }

    /**
     * Shuts down without failing a request: the server drains and lets requests in flight finish
     * ({@link HttpServer#close}), then the janitor, background work and mail worker stop (mail still
     * queued stays in the database), then the pools close.
     */
    @Override
    public void close() {
        try {
            server.close();
        } finally {
            janitor.close();
            services.close();
            validator.close();
            serverLock.close();
        }
    }
}
