package carafe.oidc;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenErrorResponse;
import com.nimbusds.oauth2.sdk.auth.ClientAuthentication;
import com.nimbusds.oauth2.sdk.auth.ClientAuthenticationMethod;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import com.nimbusds.oauth2.sdk.auth.ClientSecretPost;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import com.nimbusds.openid.connect.sdk.Prompt;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import com.nimbusds.openid.connect.sdk.validators.IDTokenValidator;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;

/**
 * One OpenID provider as a relying party sees it (Nimbus oauth2-oidc-sdk): its metadata from discovery
 * ({@code {issuer}/.well-known/openid-configuration}, fetched on first use and kept, so a provider that
 * is down at start-up does not stop Carafe), the authorization request (code flow, PKCE S256, state
 * and nonce), the code exchange ({@code client_secret_basic}, or {@code _post} when that is all the
 * provider takes) and the ID token's validation: its signature from the provider's JWKS (fetched again
 * when a token names a key it does not know: key rotation), {@code iss}, {@code aud}, {@code exp},
 * {@code iat} and {@code nonce}; an unsigned token ({@code alg: none}) is refused.
 */
final class IdentityProvider {
    private static final int TIMEOUT_MILLIS = (int) Duration.ofSeconds(10).toMillis();
    private static final int MAX_DOCUMENT_BYTES = 256 * 1024;
    /** Clocks of the provider and ours may differ this much when checking exp and iat. */
    private static final int CLOCK_SKEW_SECONDS = 60;

    private final ProviderSettings settings;
    private volatile Discovered discovered;

    private record Discovered(OIDCProviderMetadata metadata, IDTokenValidator validator) {}

    /**
     * A provider's answer that does not sign anyone in: {@code getMessage()} is for the user (no
     * provider-supplied text), {@code detail} for the audit trail.
     */
    static final class Refused extends RuntimeException {
        private final String detail;

        Refused(String message) {
            this(message, message);
        }

        Refused(String message, String detail) {
            super(message, null, false, false);
            this.detail = detail;
        }

        String detail() {
            return detail;
        }
    }

    IdentityProvider(ProviderSettings settings) {
        this.settings = settings;
    }

    ProviderSettings settings() {
        return settings;
    }

    /**
     * Where to send the browser: the provider's authorization endpoint with this attempt's secrets.
     * {@code signInAgain}: the provider must ask the user to sign in now, even with a session of its own
     * ({@code prompt=login}, {@code max_age=0}), and say when they did ({@code auth_time}).
     */
    URI authorizationRequest(URI redirect, State state, Nonce nonce, CodeVerifier verifier, boolean signInAgain) {
        var metadata = discover().metadata();
        var request = new AuthenticationRequest.Builder(ResponseType.CODE, new Scope(settings.scopes().toArray(String[]::new)),
                new ClientID(settings.clientId()), redirect)
                .endpointURI(metadata.getAuthorizationEndpointURI())
                .state(state)
                .nonce(nonce)
                .codeChallenge(verifier, CodeChallengeMethod.S256);
        if (signInAgain) request.prompt(new Prompt(Prompt.Type.LOGIN)).maxAge(0);
        return request.build().toURI();
    }

    /** Exchanges the code for tokens and returns the ID token's claims, validated against this nonce. */
    IDTokenClaimsSet exchange(String code, URI redirect, CodeVerifier verifier, Nonce nonce) {
        var found = discover();
        OIDCTokenResponse tokens;
        try {
            var request = new TokenRequest(found.metadata().getTokenEndpointURI(), clientAuthentication(found.metadata()),
                    new AuthorizationCodeGrant(new AuthorizationCode(code), redirect, verifier)).toHTTPRequest();
            request.setConnectTimeout(TIMEOUT_MILLIS);
            request.setReadTimeout(TIMEOUT_MILLIS);
            var response = OIDCTokenResponseParser.parse(request.send());
            if (!response.indicatesSuccess()) {
                var error = ((TokenErrorResponse) response).getErrorObject();
                throw new Refused("it refused to give the sign-in's tokens", "token endpoint error: " + error.getCode());
            }
            tokens = (OIDCTokenResponse) response.toSuccessResponse();
        } catch (IOException unreachable) {
            throw new Refused("it could not be reached", "token endpoint unreachable");
        } catch (ParseException | ClassCastException notOidc) {
            throw new Refused("its answer was not OpenID Connect", "token answer not OpenID Connect");
        }
        var idToken = tokens.getOIDCTokens().getIDToken();
        if (idToken == null) throw new Refused("its answer had no ID token", "no ID token");
        try {
            return found.validator().validate(idToken, nonce);
        } catch (BadJOSEException | JOSEException invalid) {
            throw new Refused("its ID token was not valid", "invalid ID token: " + reason(invalid));
        }
    }

    /** The metadata and the validator, resolved once; a failure is retried at the next attempt. */
    private Discovered discover() {
        var known = discovered;
        if (known != null) return known;
        synchronized (this) {
            if (discovered != null) return discovered;
            try {
                var metadata = OIDCProviderMetadata.resolve(new Issuer(settings.issuer()), TIMEOUT_MILLIS, TIMEOUT_MILLIS);
                var algorithms = metadata.getIDTokenJWSAlgs() == null || metadata.getIDTokenJWSAlgs().isEmpty()
                        ? List.of(JWSAlgorithm.RS256) : metadata.getIDTokenJWSAlgs();
                // Only signatures: "none" is not a JWS algorithm, so an unsigned token never validates.
                var keys = JWKSourceBuilder.<SecurityContext>create(metadata.getJWKSetURI().toURL(),
                        new DefaultResourceRetriever(TIMEOUT_MILLIS, TIMEOUT_MILLIS, MAX_DOCUMENT_BYTES)).build();
                var validator = new IDTokenValidator(metadata.getIssuer(), new ClientID(settings.clientId()),
                        new JWSVerificationKeySelector<>(new HashSet<>(algorithms), keys), null);
                validator.setMaxClockSkew(CLOCK_SKEW_SECONDS);
                discovered = new Discovered(metadata, validator);
                return discovered;
            } catch (IOException | com.nimbusds.oauth2.sdk.GeneralException e) {
                throw new Refused("it cannot be reached right now", "discovery failed: " + e.getClass().getSimpleName());
            }
        }
    }

    /** client_secret_basic (the default of RFC 6749), or client_secret_post when that is all the provider takes. */
    private ClientAuthentication clientAuthentication(OIDCProviderMetadata metadata) {
        var methods = metadata.getTokenEndpointAuthMethods();
        var id = new ClientID(settings.clientId());
        var secret = new Secret(settings.clientSecret());
        boolean postOnly = methods != null && !methods.contains(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
                && methods.contains(ClientAuthenticationMethod.CLIENT_SECRET_POST);
        return postOnly ? new ClientSecretPost(id, secret) : new ClientSecretBasic(id, secret);
    }

    /** Nimbus's message names the check that failed (expired, audience, issuer, nonce, signature); it quotes no secret. */
    private static String reason(Exception invalid) {
        String message = invalid.getMessage();
        return message == null ? invalid.getClass().getSimpleName() : message.length() > 200 ? message.substring(0, 200) : message;
    }
}
