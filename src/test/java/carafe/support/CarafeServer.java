package carafe.support;

import static carafe.db.schema.Tables.USERS;

import carafe.app.App;
import carafe.app.Config;
import carafe.auth.SecretTokens;
import carafe.auth.Session;
import carafe.auth.SessionStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.jooq.DSLContext;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Starts a real Carafe for a test class, through the same factory as {@code carafe serve}: a random
 * port on 127.0.0.1, a fresh database of the run's kind, a clock the tests can move.
 *
 * <pre>{@code @RegisterExtension static final CarafeServer server = new CarafeServer();}</pre>
 */
public final class CarafeServer implements BeforeAllCallback, AfterAllCallback {
    private static final AtomicInteger EMAILS = new AtomicInteger();
    private static final List<String> RAISED_LIMITS = List.of("CARAFE_LIMIT_LOGIN_IP", "CARAFE_LIMIT_REGISTER_IP",
            "CARAFE_LIMIT_FORGOT_IP", "CARAFE_LIMIT_RESET_IP", "CARAFE_LIMIT_CONFIRM_RESEND_IP", "CARAFE_LIMIT_EMAIL_CODE_IP",
            "CARAFE_LIMIT_FORGOT_EMAIL", "CARAFE_LIMIT_CONFIRM_RESEND_EMAIL");

    public final MutableClock clock = new MutableClock();
    private final Map<String, String> settings = new HashMap<>();
    private Path folder;
    private TestDatabase database;
    private TestRedis redis;
    private App app;
    private MailServer mailServer;
    private boolean onLocalhost;

    /**
     * Sends this server's mail to a real SMTP server (GreenMail) started and stopped with it, polled
     * every 100 ms; {@link #mail()} reads what arrived.
     */
    public CarafeServer withMailServer() {
        mailServer = new MailServer();
        return with("CARAFE_SMTP_URL", mailServer.smtpUrl()).with("CARAFE_MAIL_POLL_INTERVAL", "PT0.1S");
    }

    /** The SMTP server of {@link #withMailServer}. */
    public MailServer mail() {
        if (mailServer == null) throw new IllegalStateException("Start the server withMailServer() to read its mail");
        return mailServer;
    }

    /**
     * Serves at {@code http://localhost:PORT} and makes that CARAFE_BASE_URL, for tests in a real browser
     * that need it: browsers refuse an IP address as a WebAuthn relying party id, and the relying party
     * is the base URL's host. The port is picked before the start, as the base URL has to name it; the
     * server still listens on 127.0.0.1, which is what localhost resolves to here (/etc/hosts).
     */
    public CarafeServer onLocalhost() {
        onLocalhost = true;
        return this;
    }

    /**
     * Signs in with the OpenID provider at this issuer too, named {@code name} (CARAFE_OIDC_PROVIDERS and
     * its settings), which knows Carafe as {@link OpenIdProvider#CLIENT_ID}.
     */
    public CarafeServer withIdentityProvider(String name, String issuer) {
        String key = "CARAFE_OIDC_" + name.toUpperCase(java.util.Locale.ROOT) + "_";
        String providers = settings.getOrDefault("CARAFE_OIDC_PROVIDERS", "");
        return with("CARAFE_OIDC_PROVIDERS", providers.isEmpty() ? name : providers + "," + name)
                .with(key + "ISSUER", issuer)
                .with(key + "CLIENT_ID", OpenIdProvider.CLIENT_ID)
                .with(key + "CLIENT_SECRET", OpenIdProvider.CLIENT_SECRET)
                .with(key + "LABEL", "Test " + name);
    }

    /** Overrides a setting, named like its environment variable. */
    public CarafeServer with(String name, String value) {
        settings.put(name, value);
        return this;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        if (mailServer != null) mailServer.start();
        folder = Files.createTempDirectory("carafe-test");
        database = TestDatabase.create(folder);
        if (TestRedis.forSessions()) redis = TestRedis.create();
        var all = new HashMap<String, String>();
        all.put("CARAFE_HOST", "127.0.0.1");
        all.put("CARAFE_PORT", "0");
        all.putAll(sharedSettings());
        // Every test client connects from 127.0.0.1, so the per-address limits would count a whole
        // class's tests as one client; and tests that ask for several mails to one address would run
        // into the per-email limits. Tests of those limits set their own with with(...).
        for (String limit : RAISED_LIMITS) all.put(limit, "100000/1h");
        if (onLocalhost) {
            int port = FreePorts.onLoopback();
            all.put("CARAFE_PORT", Integer.toString(port));
            all.put("CARAFE_BASE_URL", "http://localhost:" + port);
        }
        all.putAll(settings);
        app = App.create(Config.from(all), clock).start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        try {
            if (app != null) app.close();
        } finally {
            if (redis != null) redis.close();
            if (mailServer != null) mailServer.stop();
            if (database != null) database.close();
            deleteQuietly(folder);
            // The test class keeps this extension in a static field for the rest of the run: a stopped
            // server still holds its buffer pools and caches, so one kept per class adds up to the heap.
            app = null;
            redis = null;
            database = null;
        }
    }

    public Client client() {
        return new Client(baseUrl());
    }

    /** Where tests reach the server: its CARAFE_BASE_URL when {@link #onLocalhost}, else 127.0.0.1. */
    public String baseUrl() {
        return (onLocalhost ? "http://localhost:" : "http://127.0.0.1:") + app.port();
    }

    public App app() {
        return app;
    }

    public DSLContext db() {
        return app.database().dsl();
    }

    /**
     * What a second instance or an operator command needs to share this server's state: its database,
     * data folder and, in the Redis run, its Redis and key prefix.
     */
    public Map<String, String> sharedSettings() {
        var shared = new HashMap<String, String>();
        shared.put("CARAFE_DATABASE_URL", database.url());
        shared.put("CARAFE_DATA_DIR", dataDir().toString());
        if (redis != null) {
            shared.put("CARAFE_REDIS_URL", TestRedis.URL);
            shared.put("CARAFE_REDIS_PREFIX", redis.prefix());
        }
        return shared;
    }

    /** Where this server keeps sessions: the database or Redis, as the run asks. */
    public SessionStore sessionStore() {
        return app.sessionStore();
    }

    /** The stored session behind a client's session cookie, if any. */
    public Optional<Session> storedSession(Client client) {
        String cookie = client.cookies().get("carafe_session");
        return cookie == null ? Optional.empty() : sessionStore().find(SecretTokens.hash(cookie));
    }

    /** The stored sessions of the user with this email. */
    public List<Session> sessionsOf(String email) {
        long userId = db().select(USERS.ID).from(USERS).where(USERS.EMAIL.eq(email)).fetchOne(USERS.ID);
        return sessionStore().findAllForUser(userId);
    }

    /** The JDBC URL of this server's database, for a second instance sharing it. */
    public String databaseUrl() {
        return database.url();
    }

    /** CARAFE_DATA_DIR of this server (the outbox folder is under it). */
    public Path dataDir() {
        return folder.resolve("data");
    }

    /** The password of every account {@link #signUp} makes: long enough, not a common one. */
    public static final String PASSWORD = "a long passphrase 42";

    /**
     * A new account named {@code who}, with an address no other test uses, signed up over the API and
     * so signed in: what most tests start from (flaskr's {@code AuthActions}).
     */
    public Member signUp(String who) {
        return signUp(who, who);
    }

    /**
     * The same with a display name of its own, for tests about names (greetings, escaping): {@code who}
     * then only makes the email, which has to stay a valid address.
     */
    public Member signUp(String who, String name) {
        var client = client();
        String email = uniqueEmail(who);
        var response = client.register(email, name, PASSWORD);
        if (response.status() != 201) {
            throw new AssertionError("Sign-up of " + email + " answered " + response.status() + ": " + response.body());
        }
        return new Member(client, response.json().path("user").path("id").asLong(), email, PASSWORD);
    }

    /**
     * A new administrator, signed in: signed up, then given the admin role in the database (roles are
     * read on every request, so the session has it at once).
     */
    public Member signUpAdmin(String who) {
        var member = signUp(who);
        db().update(USERS).set(USERS.ROLES, "user,admin").where(USERS.ID.eq(member.id())).execute();
        return member;
    }

    /** An address no other test uses, so tests in one class share a server without colliding. */
    public static String uniqueEmail(String who) {
        return who + "-" + EMAILS.incrementAndGet() + "-" + System.nanoTime() % 100_000 + "@example.com";
    }

    /**
     * A port nothing listens on now. Another process could take it before the server binds it; the
     * kernel hands out ephemeral ports in turn, so that window is not worth a retry loop.
     */

    static void deleteQuietly(Path folder) {
        if (folder == null) return;
        try (Stream<Path> files = Files.walk(folder)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
