package carafe.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
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
 */
public final class OpenIdProvider implements BeforeAllCallback, AfterAllCallback {
    /** The client every test provider knows Carafe as (CARAFE_OIDC_<NAME>_CLIENT_ID and _SECRET). */
    public static final String CLIENT_ID = "carafe-tests";
    public static final String CLIENT_SECRET = "a-client-secret-of-the-tests";
    private static final String ISSUER_ID = "default";

    private final int port = freePort();
    private final MockOAuth2Server server = new MockOAuth2Server();

    /** The issuer, as CARAFE_OIDC_<NAME>_ISSUER takes it. */
    public String issuer() {
        return "http://127.0.0.1:" + port + "/" + ISSUER_ID;
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

    private static int freePort() {
        try (var socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
