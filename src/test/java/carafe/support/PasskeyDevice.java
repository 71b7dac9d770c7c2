package carafe.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.webauthn4j.converter.AttestationObjectConverter;
import com.webauthn4j.converter.AuthenticatorDataConverter;
import com.webauthn4j.converter.util.ObjectConverter;
import com.webauthn4j.data.AuthenticatorAssertionResponse;
import com.webauthn4j.data.AuthenticatorAttachment;
import com.webauthn4j.data.AuthenticatorAttestationResponse;
import com.webauthn4j.data.AuthenticatorTransport;
import com.webauthn4j.data.PublicKeyCredential;
import com.webauthn4j.data.PublicKeyCredentialCreationOptions;
import com.webauthn4j.data.PublicKeyCredentialRequestOptions;
import com.webauthn4j.data.attestation.AttestationObject;
import com.webauthn4j.data.attestation.authenticator.AuthenticatorData;
import com.webauthn4j.data.client.Origin;
import com.webauthn4j.data.extension.client.AuthenticationExtensionClientOutput;
import com.webauthn4j.data.extension.client.RegistrationExtensionClientOutput;
import com.webauthn4j.test.TestDataUtil;
import com.webauthn4j.test.authenticator.webauthn.PackedAuthenticator;
import com.webauthn4j.test.authenticator.webauthn.WebAuthnAuthenticatorAdaptor;
import com.webauthn4j.test.client.ClientPlatform;
import com.webauthn4j.util.MessageDigestUtil;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.function.UnaryOperator;
import tools.jackson.core.type.TypeReference;

/**
 * A test's phone: a browser and a passkey authenticator emulated by webauthn4j-test, speaking the
 * WebAuthn Level 3 JSON a real browser's {@code toJSON()} speaks, at an origin of the test's choosing.
 * Its helpers forge what a hostile client could send: other flags, another counter, another relying
 * party, re-signed with the passkey's own key so only the forged part is wrong.
 */
public final class PasskeyDevice {
    /** The relying party of a test server: CARAFE_BASE_URL's default (http://localhost:8080). */
    public static final String ORIGIN = "http://localhost:8080";
    /** The user-verified and user-present flags of authenticator data (WebAuthn §6.1). */
    public static final byte USER_VERIFIED = 0x04;

    private static final ObjectConverter CONVERTER = new ObjectConverter();
    private static final AttestationObjectConverter ATTESTATIONS = new AttestationObjectConverter(CONVERTER);
    private static final AuthenticatorDataConverter AUTHENTICATOR_DATA = new AuthenticatorDataConverter(CONVERTER);

    private final PackedAuthenticator authenticator = new PackedAuthenticator();
    private final ClientPlatform platform;

    public PasskeyDevice() {
        this(ORIGIN);
    }

    /** A device whose browser is at another origin (a phishing site's, in the refusal tests). */
    public PasskeyDevice(String origin) {
        this.platform = new ClientPlatform(new Origin(origin), new WebAuthnAuthenticatorAdaptor(authenticator));
    }

    /** The same authenticator seen through a browser at another origin. */
    public PasskeyDevice at(String origin) {
        return new PasskeyDevice(this, origin);
    }

    private PasskeyDevice(PasskeyDevice same, String origin) {
        this.platform = new ClientPlatform(new Origin(origin), new WebAuthnAuthenticatorAdaptor(same.authenticator));
    }

    /** Whether the counter moves on at each signature; off, it repeats the last one (a cloned key). */
    public void countUp(boolean enabled) {
        authenticator.setCountUpEnabled(enabled);
    }

    /** {@code navigator.credentials.create({publicKey}).toJSON()} for the server's {@code {publicKey}} answer. */
    public String create(JsonNode optionsAnswer) {
        var options = CONVERTER.getJsonMapper().readValue(optionsAnswer.path("publicKey").toString(),
                PublicKeyCredentialCreationOptions.class);
        var credential = platform.create(options);
        var response = credential.getResponse();
        // The emulated browser names no transport or attachment; real ones do.
        return CONVERTER.getJsonMapper().writeValueAsString(new PublicKeyCredential<>(credential.getRawId(),
                new AuthenticatorAttestationResponse(response.getClientDataJSON(), response.getAttestationObject(),
                        Set.of(AuthenticatorTransport.INTERNAL)),
                AuthenticatorAttachment.PLATFORM, credential.getClientExtensionResults()));
    }

    /** {@code navigator.credentials.get({publicKey}).toJSON()} for the server's {@code {publicKey}} answer. */
    public String get(JsonNode optionsAnswer) {
        return get(optionsAnswer.path("publicKey").toString());
    }

    /** The same, with the options as the client sees them (a test may change them first). */
    public String get(String publicKeyOptions) {
        var options = CONVERTER.getJsonMapper().readValue(publicKeyOptions, PublicKeyCredentialRequestOptions.class);
        var credential = platform.get(options);
        return CONVERTER.getJsonMapper().writeValueAsString(new PublicKeyCredential<>(credential.getRawId(),
                credential.getResponse(), AuthenticatorAttachment.PLATFORM, credential.getClientExtensionResults()));
    }

    /**
     * A registration with its authenticator data's flags rewritten: with attestation "none" that data is
     * not signed, so only the server's own checks can refuse it.
     */
    public static String withRegistrationFlags(String registration, UnaryOperator<Byte> flags) {
        var credential = CONVERTER.getJsonMapper().readValue(registration,
                new TypeReference<PublicKeyCredential<AuthenticatorAttestationResponse, RegistrationExtensionClientOutput>>() {});
        var response = credential.getResponse();
        AttestationObject attestation = ATTESTATIONS.convert(response.getAttestationObject());
        var data = attestation.getAuthenticatorData();
        var rewritten = new AttestationObject(new AuthenticatorData<>(data.getRpIdHash(), flags.apply(data.getFlags()),
                data.getSignCount(), data.getAttestedCredentialData(), data.getExtensions()),
                attestation.getAttestationStatement());
        return CONVERTER.getJsonMapper().writeValueAsString(new PublicKeyCredential<>(credential.getRawId(),
                new AuthenticatorAttestationResponse(response.getClientDataJSON(), ATTESTATIONS.convertToBytes(rewritten),
                        response.getTransports()),
                credential.getAuthenticatorAttachment(), credential.getClientExtensionResults()));
    }

    /**
     * An assertion of this device with its authenticator data rewritten (flags, counter, or the relying
     * party it claims, when {@code rpId} is not null) and signed again with the passkey's own key.
     */
    public String resigned(String assertion, String rpId, UnaryOperator<Byte> flags, long signCount) {
        var credential = CONVERTER.getJsonMapper().readValue(assertion,
                new TypeReference<PublicKeyCredential<AuthenticatorAssertionResponse, AuthenticationExtensionClientOutput>>() {});
        var response = credential.getResponse();
        AuthenticatorData<?> data = AUTHENTICATOR_DATA.convert(response.getAuthenticatorData());
        byte[] rpIdHash = rpId == null ? data.getRpIdHash()
                : MessageDigestUtil.createSHA256().digest(rpId.getBytes(StandardCharsets.UTF_8));
        byte[] rewritten = AUTHENTICATOR_DATA.convert(new AuthenticatorData<>(rpIdHash, flags.apply(data.getFlags()), signCount));
        byte[] clientDataHash = MessageDigestUtil.createSHA256().digest(response.getClientDataJSON());
        byte[] signed = ByteBuffer.allocate(rewritten.length + clientDataHash.length).put(rewritten).put(clientDataHash).array();
        byte[] signature = TestDataUtil.calculateSignature(authenticator.lookup(credential.getRawId()).getPrivateKey(), signed);
        return CONVERTER.getJsonMapper().writeValueAsString(new PublicKeyCredential<>(credential.getRawId(),
                new AuthenticatorAssertionResponse(response.getClientDataJSON(), rewritten, signature, response.getUserHandle()),
                AuthenticatorAttachment.PLATFORM, credential.getClientExtensionResults()));
    }

    /** The signature counter an assertion carries. */
    public static long signCount(String assertion) {
        var credential = CONVERTER.getJsonMapper().readValue(assertion,
                new TypeReference<PublicKeyCredential<AuthenticatorAssertionResponse, AuthenticationExtensionClientOutput>>() {});
        return AUTHENTICATOR_DATA.convert(credential.getResponse().getAuthenticatorData()).getSignCount();
    }
}
