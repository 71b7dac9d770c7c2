package carafe.totp;

import carafe.audit.AuditType;
import carafe.audit.RequestOrigin;
import carafe.auth.Amr;
import carafe.auth.User;
import carafe.mfa.FactorEvents;
import carafe.mfa.SecondFactor;
import carafe.recoverycodes.RecoveryCodes;
import carafe.web.Conflict;
import carafe.web.ValidationFailed;
import com.eatthepath.otp.TimeBasedOneTimePasswordGenerator;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.util.encoders.Base32;
import org.jooq.DSLContext;

/**
 * Authenticator apps (SPEC §9 "TOTP"): RFC 6238 codes with HMAC-SHA1, 6 digits, 30-second steps, the
 * step before and after accepted for clock drift (ASVS 6.6.x), each step once. Secrets are 160 random
 * bits (RFC 4226 §4, R6), sealed at rest ({@link SecretSeal}). Enrolment: {@link #start} makes a secret
 * that does nothing until {@link #confirm} sees a first code from the app; then the factor is on, the
 * user gets recovery codes, and every remembered browser is forgotten.
 */
public final class Totp implements SecondFactor {
    static final Duration STEP = Duration.ofSeconds(30);
    static final int DIGITS = 6;
    private static final int SECRET_BYTES = 20;
    /** Codes of one step before and after now are accepted: clocks of phones drift (RFC 6238 §5.2). */
    private static final int DRIFT_STEPS = 1;
    private static final String NOTHING_WAITING = "No authenticator app is waiting to be confirmed: start again.";

    /** A secret to put in the app: as text for typing, and as the otpauth URI its QR code holds. */
    public record Enrolment(String secret, String otpauthUri) {
        /** The QR code of the URI as inline SVG, for the enrolment page. */
        public String qrCodeSvg() {
            return QrCode.svg(otpauthUri);
        }

        /** The secret in groups of four, easier to type. */
        public String secretInGroups() {
            return secret.replaceAll("(.{4})(?!$)", "$1 ");
        }
    }

    private final TotpRepository repository;
    private final SecretSeal seal;
    private final RecoveryCodes recoveryCodes;
    private final FactorEvents events;
    private final String issuer;
    private final Clock clock;
    private final TimeBasedOneTimePasswordGenerator generator = new TimeBasedOneTimePasswordGenerator(STEP, DIGITS);
    private final SecureRandom random = new SecureRandom();

    /**
     * @param issuer how the app lists the account, e.g. "Carafe" (the site's name in mails)
     * @param secretKey CARAFE_SECRET_KEY, from which the sealing key is derived
     * @param previousSecretKeys earlier secret keys, whose seals still open (rotation)
     */
    public Totp(DSLContext db, String secretKey, List<String> previousSecretKeys, RecoveryCodes recoveryCodes,
                FactorEvents events, String issuer, Clock clock) {
        this.repository = new TotpRepository(db);
        this.seal = new SecretSeal(secretKey, previousSecretKeys);
        this.recoveryCodes = recoveryCodes;
        this.events = events;
        this.issuer = issuer;
        this.clock = clock;
    }

    @Override
    public String method() {
        return "totp";
    }

    @Override
    public String field() {
        return "code";
    }

    @Override
    public String amr() {
        return Amr.ONE_TIME_CODE;
    }

    @Override
    public boolean isOnFor(long userId) {
        return repository.isOn(userId);
    }

    @Override
    public int countFor(long userId) {
        return isOnFor(userId) ? 1 : 0;
    }

    /** A new secret for the app, not on until confirmed; 409 when an app is on already. */
    public Enrolment start(User user) {
        if (repository.isOn(user.id())) {
            throw new Conflict("An authenticator app is on already; turn it off first to set up another.");
        }
        byte[] secret = new byte[SECRET_BYTES];
        random.nextBytes(secret);
        repository.startEnrolment(user.id(), seal.seal(secret, user.id()), clock.instant());
        return enrolment(user, secret);
    }

    /** The enrolment waiting for its first code, to show again (a wrong first code). */
    public Optional<Enrolment> waiting(User user) {
        return repository.find(user.id()).filter(row -> !row.isOn())
                .map(row -> enrolment(user, seal.open(row.secret(), user.id())));
    }

    /**
     * Turns the app on when {@code code} is one it shows now: returns the new recovery codes, shown
     * this once. 422 for a wrong code, 409 when no enrolment waits.
     */
    public List<String> confirm(User user, String code, RequestOrigin origin) {
        var row = repository.find(user.id()).filter(r -> !r.isOn())
                .orElseThrow(() -> new Conflict(NOTHING_WAITING));
        long step = matchingStep(seal.open(row.secret(), user.id()), code, 0);
        if (step < 0) throw new ValidationFailed("code", "is not the code your app shows now; check the app and try again");
        if (!repository.confirm(user.id(), step, clock.instant())) {
            throw new Conflict(NOTHING_WAITING);
        }
        var codes = recoveryCodes.replaceAll(user, false, origin);
        events.factorChanged(user, AuditType.TOTP_ENABLED, origin, null, "Two-step sign-in is on",
                "Two-step sign-in was turned on for your account: signing in now also asks for a code from your "
                        + "authenticator app.");
        return codes;
    }

    /** Turns the app off, with the recovery codes it backed; 409 when it is not on. */
    public void turnOff(User user, RequestOrigin origin) {
        if (!repository.delete(user.id())) throw new Conflict("No authenticator app is on.");
        recoveryCodes.removeAllFor(user.id());
        events.factorChanged(user, AuditType.TOTP_DISABLED, origin, null, "Two-step sign-in is off",
                "Two-step sign-in was turned off for your account: signing in now asks for your password only.");
    }

    /**
     * Whether {@code code} is the app's code for this step, the one before or the one after, and no
     * code of that step or a later one was used before; if so, that step is used up (RFC 6238 §5.2:
     * a code works once).
     */
    @Override
    public boolean verify(User user, String code, Attempt attempt) {
        var row = repository.find(user.id()).filter(TotpRepository.Row::isOn);
        if (row.isEmpty()) return false;
        long step = matchingStep(seal.open(row.get().secret(), user.id()), code, row.get().lastUsedStep());
        if (step < 0 || !repository.useStep(user.id(), step)) return false;
        if (!seal.isCurrent(row.get().secret().keyId())) {
            // Sealed under a previous secret key: moved to the current one now that it is open anyway.
            repository.reseal(user.id(), seal.seal(seal.open(row.get().secret(), user.id()), user.id()));
        }
        return true;
    }

    @Override
    public void removeAllFor(long userId) {
        repository.delete(userId);
    }

    /**
     * The step within the drift window whose code is {@code code} and which is later than {@code after},
     * or -1. Every candidate is compared, in constant time, whatever matched before.
     */
    private long matchingStep(byte[] secret, String code, long after) {
        if (code == null) return -1;
        String given = code.replace(" ", "");
        if (given.length() != DIGITS || !given.chars().allMatch(Character::isDigit)) return -1;
        long now = clock.instant().getEpochSecond() / STEP.toSeconds();
        long matched = -1;
        for (long step = now - DRIFT_STEPS; step <= now + DRIFT_STEPS; step++) {
            boolean same = MessageDigest.isEqual(codeAt(secret, step).getBytes(StandardCharsets.US_ASCII),
                    given.getBytes(StandardCharsets.US_ASCII));
            if (same && step > after) matched = step;
        }
        return matched;
    }

    /** The app's code for a step: what java-otp computes for the step's first instant. */
    String codeAt(byte[] secret, long step) {
        try {
            int code = generator.generateOneTimePassword(new SecretKeySpec(secret, "HmacSHA1"),
                    Instant.ofEpochSecond(step * STEP.toSeconds()));
            return String.format("%0" + DIGITS + "d", code);
        } catch (InvalidKeyException e) {
            throw new IllegalStateException("An HMAC-SHA1 key of any length is valid", e);
        }
    }

    /** RFC 6238 / Key Uri Format: what apps read from the QR code. */
    private Enrolment enrolment(User user, byte[] secret) {
        String base32 = Base32.toBase32String(secret).replace("=", "");
        String label = encode(issuer) + ":" + encode(user.email());
        String uri = "otpauth://totp/" + label + "?secret=" + base32 + "&issuer=" + encode(issuer)
                + "&algorithm=SHA1&digits=" + DIGITS + "&period=" + STEP.toSeconds();
        return new Enrolment(base32, uri);
    }

    /** Percent-encoding as URIs need it (a space is %20, not +). */
    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
