package carafe.support;

import java.io.IOException;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.Set;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.OAuth2Config;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import no.nav.security.mock.oauth2.token.OAuth2TokenProvider;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real OpenID provider for a test class (no.nav.security's mock-oauth2-server): discovery, JWKS,
 * authorization (it signs in whoever the test says, without a login page) and token endpoints, on a port
 * chosen before start, so the server under test can be configured with its issuer. ID tokens that are
 * wrong in one way come from {@link RogueProvider}.
 *
 * <pre>{@code @RegisterExtension @Order(1) static final OpenIdProvider idp = new OpenIdProvider();
 * @RegisterExtension @Order(2) static final CarafeServer server = new CarafeServer().withIdentityProvider("test", idp.issuer());}</pre>
 *
 * <p>{@link #interactive()} makes one for a real browser: it shows its own sign-in page at the
 * authorization endpoint, where the person types a username (the ID token's {@code sub}) and claims as
 * JSON, and sends the browser back with a code for them.
 */
public final class OpenIdProvider implements BeforeAllCallback, AfterAllCallback {
    /** The client every test provider knows Carafe as (CARAFE_OIDC_<NAME>_CLIENT_ID and _SECRET). */
    public static final String CLIENT_ID = "carafe-tests";
    public static final String CLIENT_SECRET = "a-client-secret-of-the-tests";
    private static final String ISSUER_ID = "default";

    private final int port = FreePorts.onLoopback();
    private final MockOAuth2Server server;

    /** A provider that signs in, without a page, whoever {@link #nextSignInIs} names. */
    public OpenIdProvider() {
        this(new MockOAuth2Server());
    }

    private OpenIdProvider(MockOAuth2Server server) {
        this.server = server;
    }

    /**
     * A provider with its own sign-in page (mock-oauth2-server's interactive login): a form with a
     * username field, which becomes the {@code sub}, and a claims text area, whose JSON object is added to
     * the ID token. Every token it issues is for {@link #CLIENT_ID} (without a queued
     * {@link #nextSignInIs}, the library would make it for the audience "default").
     */
    public static OpenIdProvider interactive() {
        var forCarafe = new DefaultOAuth2TokenCallback(ISSUER_ID, "whoever-signs-in-on-the-page", "JWT", List.of(CLIENT_ID),
                Map.of(), 3600);
        return new OpenIdProvider(new MockOAuth2Server(new OAuth2Config(true, null, null, false, new OAuth2TokenProvider(),
                Set.of(forCarafe))));
    }

    /** The issuer, as CARAFE_OIDC_<NAME>_ISSUER takes it. */
    public String issuer() {
        return "http://127.0.0.1:" + port + "/" + ISSUER_ID;
    }

    /** Where the provider's sign-in page is (its discovery document's authorization_endpoint). */
    public String authorizationEndpoint() {
        return issuer() + "/authorize";
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        server.start(InetAddress.getByName("127.0.0.1"), port);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        server.shutdown();
    }

    /** The next sign-in at the provider is this person (subject) with these claims (email, name, ...). */
    public void nextSignInIs(String subject, Map<String, Object> claims) {
        server.enqueueCallback(new DefaultOAuth2TokenCallback(ISSUER_ID, subject, "JWT", List.of(CLIENT_ID), claims, 3600));
    }

}
