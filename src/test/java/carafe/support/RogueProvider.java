package carafe.support;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * An OpenID provider that answers the code exchange with the ID token the test writes: right in every
 * way but the one a test changes (issuer, audience, nonce, expiry, signature, or none at all), or a
 * failure of the token endpoint. Discovery, JWKS and authorization behave; the test holds the signing
 * key. (OpenIdProvider is the well-behaved one.)
 */
public final class RogueProvider implements BeforeAllCallback, AfterAllCallback {
    private static final String CLIENT_ID = OpenIdProvider.CLIENT_ID;

    /** What the token endpoint answers next: a status and a body. */
    public record Answer(int status, String body) {}

    private final int port = freePort();
    private final RSAKey key = newKey("rogue-key");
    private final AtomicReference<String> lastNonce = new AtomicReference<>();
    private volatile Function<String, Answer> tokenAnswer = nonce -> good(goodClaims("someone", nonce).build());
    private HttpServer server;

    public String issuer() {
        return "http://127.0.0.1:" + port;
    }

    /** The token endpoint's next answers, given the nonce of the last authorization request. */
    public void answers(Function<String, Answer> answer) {
        tokenAnswer = answer;
    }

    /** A token answer holding this ID token. */
    public static Answer idToken(String idToken) {
        return new Answer(200, "{\"access_token\":\"an-access-token\",\"token_type\":\"Bearer\",\"expires_in\":3600,"
                + "\"id_token\":\"" + idToken + "\"}");
    }

    public Answer good(JWTClaimsSet claims) {
        return idToken(signed(claims));
    }

    /** Claims of a good ID token for this client and nonce. */
    public JWTClaimsSet.Builder goodClaims(String subject, String nonce) {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder().issuer(issuer()).subject(subject).audience(CLIENT_ID)
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(600))).claim("nonce", nonce)
                .claim("email", subject + "@rogue.example").claim("email_verified", true);
    }

    /** Signed with the provider's key (the one its JWKS publishes). */
    public String signed(JWTClaimsSet claims) {
        return sign(claims, key);
    }

    /** Signed with another key under the same key id: a forged signature. */
    public String forged(JWTClaimsSet claims) {
        return sign(claims, newKey(key.getKeyID()));
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port), 0);
        server.createContext("/.well-known/openid-configuration", exchange -> send(exchange, 200, """
                {"issuer":"%1$s","authorization_endpoint":"%1$s/authorize","token_endpoint":"%1$s/token",
                 "jwks_uri":"%1$s/jwks","response_types_supported":["code"],"subject_types_supported":["public"],
                 "id_token_signing_alg_values_supported":["RS256"],"code_challenge_methods_supported":["S256"],
                 "token_endpoint_auth_methods_supported":["client_secret_basic"]}""".formatted(issuer())));
        server.createContext("/jwks", exchange -> send(exchange, 200, new JWKSet(key.toPublicJWK()).toString()));
        server.createContext("/authorize", this::authorize);
        server.createContext("/token", exchange -> {
            exchange.getRequestBody().readAllBytes();
            var answer = tokenAnswer.apply(lastNonce.get());
            send(exchange, answer.status(), answer.body());
        });
        server.start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (server != null) server.stop(0);
    }

    /** Signs in at once: back to the redirect URI with a code and the state it was given. */
    private void authorize(HttpExchange exchange) throws IOException {
        var query = new HashMap<String, String>();
        for (String pair : exchange.getRequestURI().getRawQuery().split("&")) {
            int eq = pair.indexOf('=');
            query.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        lastNonce.set(query.get("nonce"));
        String location = query.get("redirect_uri") + "?code=a-code&state="
                + URLEncoder.encode(query.get("state"), StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Location", URI.create(location).toString());
        exchange.sendResponseHeaders(302, -1);
        exchange.close();
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (var out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static String sign(JWTClaimsSet claims, RSAKey key) {
        try {
            var jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims);
            jwt.sign(new RSASSASigner(key));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static RSAKey newKey(String keyId) {
        try {
            return new RSAKeyGenerator(2048).keyID(keyId).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int freePort() {
        try (var socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
