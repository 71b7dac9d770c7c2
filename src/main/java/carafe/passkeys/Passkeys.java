package carafe.passkeys;

import carafe.audit.AuditLog;
import carafe.audit.AuditType;
import carafe.audit.RequestOrigin;
import carafe.auth.Amr;
import carafe.auth.Ceremonies;
import carafe.auth.User;
import carafe.mfa.FactorEvents;
import carafe.mfa.SecondFactor;
import carafe.web.NotFound;
import carafe.web.ValidationFailed;
import com.webauthn4j.WebAuthnManager;
import com.webauthn4j.converter.AttestedCredentialDataConverter;
import com.webauthn4j.converter.util.ObjectConverter;
import com.webauthn4j.credential.CredentialRecordImpl;
import com.webauthn4j.data.AttestationConveyancePreference;
import com.webauthn4j.data.AuthenticationData;
import com.webauthn4j.data.AuthenticationParameters;
import com.webauthn4j.data.AuthenticatorSelectionCriteria;
import com.webauthn4j.data.AuthenticatorTransport;
import com.webauthn4j.data.PublicKeyCredentialCreationOptions;
import com.webauthn4j.data.PublicKeyCredentialDescriptor;
import com.webauthn4j.data.PublicKeyCredentialParameters;
import com.webauthn4j.data.PublicKeyCredentialRequestOptions;
import com.webauthn4j.data.PublicKeyCredentialRpEntity;
import com.webauthn4j.data.PublicKeyCredentialType;
import com.webauthn4j.data.PublicKeyCredentialUserEntity;
import com.webauthn4j.data.RegistrationParameters;
import com.webauthn4j.data.ResidentKeyRequirement;
import com.webauthn4j.data.UserVerificationRequirement;
import com.webauthn4j.data.attestation.statement.COSEAlgorithmIdentifier;
import com.webauthn4j.data.client.challenge.DefaultChallenge;
import com.webauthn4j.server.ServerProperty;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.jooq.DSLContext;

/**
 * Passkeys (SPEC §9; WebAuthn Level 3 with webauthn4j): registered by a signed-in user, then used to
 * sign in without a password, or as the second factor after one. Attestation "none", user verification
 * and a discoverable credential required, ES256, EdDSA and RS256 accepted. Each ceremony's challenge
 * (256 random bits) is bound to the browser that asked for it and kept where sessions are, so any
 * instance can finish it, once, within five minutes; a new options request replaces it.
 */
public final class Passkeys implements SecondFactor {
    static final String REGISTRATION = "passkey-registration";
    static final String AUTHENTICATION = "passkey-authentication";
    static final Duration CEREMONY_LIFETIME = Duration.ofMinutes(5);
    private static final long TIMEOUT_MILLIS = CEREMONY_LIFETIME.toMillis();
    private static final int CHALLENGE_BYTES = 32;
    private static final int USER_HANDLE_BYTES = 32;
    private static final List<PublicKeyCredentialParameters> ALGORITHMS = List.of(
            new PublicKeyCredentialParameters(PublicKeyCredentialType.PUBLIC_KEY, COSEAlgorithmIdentifier.ES256),
            new PublicKeyCredentialParameters(PublicKeyCredentialType.PUBLIC_KEY, COSEAlgorithmIdentifier.EdDSA),
            new PublicKeyCredentialParameters(PublicKeyCredentialType.PUBLIC_KEY, COSEAlgorithmIdentifier.RS256));

    private final PasskeyRepository repository;
    private final Ceremonies ceremonies;
    private final FactorEvents events;
    private final AuditLog audit;
    private final RelyingParty rp;
    private final Clock clock;
    private final ObjectConverter converter = new ObjectConverter();
    private final WebAuthnManager webAuthn = WebAuthnManager.createNonStrictWebAuthnManager(converter);
    private final AttestedCredentialDataConverter credentialData = new AttestedCredentialDataConverter(converter);
    private final SecureRandom random = new SecureRandom();

    /** @param siteName how browsers name the relying party to the user, e.g. "Carafe" */
    public Passkeys(DSLContext db, Ceremonies ceremonies, FactorEvents events, AuditLog audit, java.net.URI baseUrl,
                    String siteName, Clock clock) {
        this.repository = new PasskeyRepository(db);
        this.ceremonies = ceremonies;
        this.events = events;
        this.audit = audit;
        this.rp = RelyingParty.of(baseUrl, siteName);
        this.clock = clock;
    }

    @Override
    public String method() {
        return "passkey";
    }

    @Override
    public String field() {
        return "credential";
    }

    @Override
    public String amr() {
        return Amr.PASSKEY;
    }

    @Override
    public boolean isOnFor(long userId) {
        return countFor(userId) > 0;
    }

    @Override
    public int countFor(long userId) {
        return repository.countFor(userId);
    }

    public List<Passkey> list(long userId) {
        return repository.forUser(userId).stream().map(Passkey::of).toList();
    }

    /**
     * Creation options for a new passkey of this user (the {@code publicKey} of
     * {@code navigator.credentials.create}, as WebAuthn Level 3 JSON), their existing ones excluded so
     * one authenticator is not registered twice. The challenge waits for this browser.
     */
    public String registrationOptions(User user, String browser) {
        byte[] challenge = randomBytes(CHALLENGE_BYTES);
        String userHandle = repository.userHandle(user.id()).orElseGet(() -> encode(randomBytes(USER_HANDLE_BYTES)));
        ceremonies.begin(browser, REGISTRATION, user.id() + "|" + userHandle + "|" + encode(challenge), CEREMONY_LIFETIME);
        var options = new PublicKeyCredentialCreationOptions(
                new PublicKeyCredentialRpEntity(rp.id(), rp.name()),
                new PublicKeyCredentialUserEntity(decode(userHandle), user.email(), user.name()),
                new DefaultChallenge(challenge), ALGORITHMS, TIMEOUT_MILLIS,
                repository.forUser(user.id()).stream().map(p -> descriptor(p.credentialId())).toList(),
                // SPEC §9: a discoverable credential (so it can sign in without a name) with user verification
                // (so it is two factors in one: possession and a PIN or biometric).
                new AuthenticatorSelectionCriteria(null, true, ResidentKeyRequirement.REQUIRED, UserVerificationRequirement.REQUIRED),
                null, AttestationConveyancePreference.NONE, null);
        return converter.getJsonMapper().writeValueAsString(options);
    }

    /**
     * Registers the passkey the browser made from this browser's registration options: 422 on
     * {@code credential} when it does not verify (another challenge, origin or relying party, no user
     * verification, an algorithm not offered) or is already registered. Forgets remembered browsers and
     * tells the user, as every factor change does.
     */
    public Passkey register(User user, String browser, String name, String credentialJson, RequestOrigin origin) {
        String[] state = ceremonies.finish(browser, REGISTRATION).map(s -> s.split("\\|", 3))
                .filter(s -> s.length == 3 && s[0].equals(Long.toString(user.id())))
                .orElseThrow(() -> refusedRegistration(user, origin, "no registration ceremony of this browser is waiting"));
        var serverProperty = ServerProperty.builder().origin(rp.origin()).rpId(rp.id())
                .challenge(new DefaultChallenge(decode(state[2]))).build();
        com.webauthn4j.data.RegistrationData data;
        try {
            data = webAuthn.verifyRegistrationResponseJSON(credentialJson,
                    new RegistrationParameters(serverProperty, ALGORITHMS, true, true));
        } catch (RuntimeException refused) { // webauthn4j's verification and parse failures, and malformed JSON
            throw refusedRegistration(user, origin, Refusals.reason(refused));
        }
        var authenticatorData = data.getAttestationObject().getAuthenticatorData();
        var attested = authenticatorData.getAttestedCredentialData();
        String credentialId = encode(attested.getCredentialId());
        if (repository.byCredentialId(credentialId).isPresent()) {
            throw refusedRegistration(user, origin, "this passkey is registered already");
        }
        String transports = data.getTransports() == null ? null
                : data.getTransports().stream().map(AuthenticatorTransport::getValue).sorted().collect(Collectors.joining(","));
        var stored = repository.insert(user.id(), credentialId, state[1],
                Base64.getEncoder().encodeToString(credentialData.convert(attested)), authenticatorData.getSignCount(),
                transports, authenticatorData.isFlagUV(), authenticatorData.isFlagBE(), authenticatorData.isFlagBS(),
                name == null || name.isBlank() ? "Passkey" : name.strip(), clock.instant());
        events.factorChanged(user, AuditType.PASSKEY_ADDED, origin, null, "A passkey was added",
                "A passkey named “" + stored.name() + "” was added to your account: it signs you in without a password.");
        return Passkey.of(stored);
    }

    /**
     * Request options (the {@code publicKey} of {@code navigator.credentials.get}) for this browser: for
     * a known user (a second step, a re-authentication) their passkeys; for nobody yet (a passwordless
     * sign-in) none, so the browser offers any passkey it holds for this site.
     */
    public String authenticationOptions(Optional<Long> userId, String browser) {
        byte[] challenge = randomBytes(CHALLENGE_BYTES);
        ceremonies.begin(browser, AUTHENTICATION, userId.map(String::valueOf).orElse("-") + "|" + encode(challenge),
                CEREMONY_LIFETIME);
        var allowed = userId.map(id -> repository.forUser(id).stream().map(p -> descriptor(p.credentialId())).toList())
                .orElse(null);
        var options = new PublicKeyCredentialRequestOptions(new DefaultChallenge(challenge), TIMEOUT_MILLIS, rp.id(),
                allowed, UserVerificationRequirement.REQUIRED, null);
        return converter.getJsonMapper().writeValueAsString(options);
    }

    /**
     * The user an assertion proves, or empty when it does not (every refusal audited with its reason):
     * made from this browser's authentication options, by a registered passkey of {@code expectedUser}
     * when one is given (else of whoever owns it), for this origin and relying party, with user
     * verification, its signature valid and its counter moving on. The passkey's counter, backup state
     * and last use are recorded.
     */
    public Optional<Long> authenticate(String browser, String credentialJson, Optional<Long> expectedUser,
                                       RequestOrigin origin) {
        // The challenge is taken first, so a failed attempt uses it up: one ceremony, one try.
        var state = browser == null ? Optional.<String>empty() : ceremonies.finish(browser, AUTHENTICATION);
        AuthenticationData data;
        try {
            data = webAuthn.parseAuthenticationResponseJSON(credentialJson);
        } catch (RuntimeException malformed) {
            return refused(expectedUser.orElse(null), origin, Refusals.reason(malformed));
        }
        var found = repository.byCredentialId(encode(data.getCredentialId()));
        if (found.isEmpty()) return refused(expectedUser.orElse(null), origin, "unknown passkey");
        var stored = found.get();
        if (state.isEmpty()) return refused(stored.userId(), origin, "no sign-in ceremony of this browser is waiting");
        String[] parts = state.get().split("\\|", 2);
        Optional<Long> askedFor = parts[0].equals("-") ? Optional.empty() : Optional.of(Long.parseLong(parts[0]));
        if (parts.length != 2 || (expectedUser.isPresent() && !expectedUser.equals(askedFor))) {
            return refused(stored.userId(), origin, "the options were made for another sign-in");
        }
        if (expectedUser.isPresent() && stored.userId() != expectedUser.get()) {
            return refused(expectedUser.get(), origin, "another user's passkey");
        }
        // WebAuthn §7.2 step 6: the user handle a discoverable credential returns must be its owner's;
        // webauthn4j leaves this to us, and it is not covered by the signature.
        if (data.getUserHandle() == null ? expectedUser.isEmpty()
                : !Arrays.equals(data.getUserHandle(), decode(stored.userHandle()))) {
            return refused(stored.userId(), origin, "the user handle is not the passkey's owner's");
        }
        var record = new CredentialRecordImpl(null, stored.uvInitialized(), stored.backupEligible(), stored.backupState(),
                stored.signCount(), credentialData.convert(Base64.getDecoder().decode(stored.credentialData())), null, null,
                null, transports(stored.transports()));
        var serverProperty = ServerProperty.builder().origin(rp.origin()).rpId(rp.id())
                .challenge(new DefaultChallenge(decode(parts[1]))).build();
        try {
            webAuthn.verify(data, new AuthenticationParameters(serverProperty, record,
                    askedFor.isPresent() ? repository.forUser(askedFor.get()).stream().map(p -> decode(p.credentialId())).toList()
                            : null, true, true));
        } catch (RuntimeException refused) {
            return refused(stored.userId(), origin, Refusals.reason(refused));
        }
        var authenticatorData = data.getAuthenticatorData();
        if (!repository.recordUse(stored.id(), stored.signCount(), authenticatorData.getSignCount(),
                record.isUvInitialized(), authenticatorData.isFlagBS(), clock.instant())) {
            return refused(stored.userId(), origin, "another sign-in used this passkey's counter meanwhile");
        }
        return Optional.of(stored.userId());
    }

    /** As the second factor after a password: an assertion by one of this user's passkeys. */
    @Override
    public boolean verify(User user, String proof, Attempt attempt) {
        return authenticate(attempt.browser(), proof, Optional.of(user.id()), attempt.origin()).isPresent();
    }

    public Passkey rename(long userId, long id, String name) {
        if (!repository.rename(userId, id, name.strip())) throw notFound();
        return repository.find(userId, id).map(Passkey::of).orElseThrow(Passkeys::notFound);
    }

    /** Removes one of the user's passkeys; remembered browsers are forgotten and the user told. */
    public void delete(User user, long id, RequestOrigin origin) {
        var passkey = repository.find(user.id(), id).orElseThrow(Passkeys::notFound);
        if (!repository.delete(user.id(), id)) throw notFound();
        events.factorChanged(user, AuditType.PASSKEY_REMOVED, origin, null, "A passkey was removed",
                "The passkey named “" + passkey.name() + "” was removed from your account: it no longer signs you in.");
    }

    @Override
    public void removeAllFor(long userId) {
        repository.deleteAll(userId);
    }

    private Optional<Long> refused(Long userId, RequestOrigin origin, String reason) {
        audit.record(userId, null, AuditType.PASSKEY_REFUSED, origin, reason);
        return Optional.empty();
    }

    private ValidationFailed refusedRegistration(User user, RequestOrigin origin, String reason) {
        audit.record(user.id(), null, AuditType.PASSKEY_REFUSED, origin, "registration: " + reason);
        return new ValidationFailed("credential", "was not accepted: " + reason);
    }

    private static PublicKeyCredentialDescriptor descriptor(String credentialId) {
        return new PublicKeyCredentialDescriptor(PublicKeyCredentialType.PUBLIC_KEY, decode(credentialId), null);
    }

    private static Set<AuthenticatorTransport> transports(String stored) {
        if (stored == null || stored.isEmpty()) return null;
        return Arrays.stream(stored.split(",")).map(AuthenticatorTransport::create).collect(Collectors.toSet());
    }

    private byte[] randomBytes(int count) {
        byte[] bytes = new byte[count];
        random.nextBytes(bytes);
        return bytes;
    }

    private static String encode(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static byte[] decode(String base64url) {
        return Base64.getUrlDecoder().decode(base64url);
    }

    private static NotFound notFound() {
        return new NotFound("No such passkey.");
    }
}
