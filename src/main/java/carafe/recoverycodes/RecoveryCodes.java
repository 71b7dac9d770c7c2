package carafe.recoverycodes;

import carafe.audit.AuditType;
import carafe.audit.RequestOrigin;
import carafe.auth.Amr;
import carafe.auth.HashingGate;
import carafe.auth.PasswordHasher;
import carafe.auth.User;
import carafe.mfa.FactorEvents;
import carafe.mfa.SecondFactor;
import carafe.web.Conflict;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import org.bouncycastle.util.encoders.Base32;
import org.jooq.DSLContext;

/**
 * Recovery codes (SPEC §9): ten single-use codes that stand in for the second factor when the phone is
 * lost. A code is 16 base32 characters, {@code abcd-efgh-ijkl-mnop}: the first four find its row, the
 * other twelve (60 random bits, ASVS 6.5.1 asks for 20 or more) are kept only as an Argon2id hash with
 * its own salt (ASVS 6.5.2: codes below 112 bits need a password hash). They are shown once, when made;
 * using one mails the user.
 */
public final class RecoveryCodes implements SecondFactor {
    public static final int COUNT = 10;
    private static final int LOCATOR_LENGTH = 4;
    private static final int CODE_LENGTH = 16;

    private final RecoveryCodeRepository repository;
    private final PasswordHasher hasher;
    private final HashingGate hashing;
    private final FactorEvents events;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public RecoveryCodes(DSLContext db, PasswordHasher hasher, HashingGate hashing, FactorEvents events, Clock clock) {
        this.repository = new RecoveryCodeRepository(db);
        this.hasher = hasher;
        this.hashing = hashing;
        this.events = events;
        this.clock = clock;
    }

    @Override
    public String method() {
        return "recovery";
    }

    @Override
    public String field() {
        return "recoveryCode";
    }

    @Override
    public String amr() {
        return Amr.RECOVERY_CODE;
    }

    /** Recovery codes back a factor up; alone they are not one. */
    @Override
    public boolean isOnFor(long userId) {
        return false;
    }

    @Override
    public int countFor(long userId) {
        return repository.countUnused(userId);
    }

    /**
     * A new set of ten, replacing every code the user had, used or not; the codes in the clear are in
     * this answer only. Made when a first factor is turned on ({@code announce} false: that change is
     * announced itself) and on request (audited and mailed).
     */
    public List<String> replaceAll(User user, boolean announce, RequestOrigin origin) {
        var codes = new ArrayList<String>(COUNT);
        var locators = new HashSet<String>();
        var stored = new ArrayList<RecoveryCodeRepository.NewCode>(COUNT);
        while (codes.size() < COUNT) {
            String code = newCode();
            if (!locators.add(code.substring(0, LOCATOR_LENGTH))) continue; // locators are unique per user
            codes.add(format(code));
            String secret = code.substring(LOCATOR_LENGTH);
            stored.add(new RecoveryCodeRepository.NewCode(code.substring(0, LOCATOR_LENGTH),
                    hashing.run(() -> hasher.hash(secret))));
        }
        repository.replaceAll(user.id(), stored, clock.instant());
        if (announce) {
            events.happened(user, AuditType.RECOVERY_CODES_RENEWED, origin, null, "New recovery codes",
                    "New recovery codes were made for your account; the old ones no longer work.");
        }
        return List.copyOf(codes);
    }

    /** New codes on request, for a user with a second factor on (409 otherwise: codes would stand in for nothing). */
    public List<String> renew(User user, boolean hasFactor, RequestOrigin origin) {
        if (!hasFactor) throw new Conflict("Turn on two-step sign-in first: recovery codes stand in for its second factor.");
        return replaceAll(user, true, origin);
    }

    /**
     * Uses a code up: true when it is one of the user's unused codes, which then works no more. Spaces,
     * dashes and letter case are ignored. One password hash verification per attempt at most.
     */
    @Override
    public boolean verify(User user, String proof, Attempt attempt) {
        String code = normalise(proof);
        if (code == null) return false;
        var unused = repository.findUnused(user.id(), code.substring(0, LOCATOR_LENGTH));
        if (unused.isEmpty()) return false;
        String secret = code.substring(LOCATOR_LENGTH);
        if (!hashing.run(() -> hasher.verify(secret, unused.get().secretHash())).matches()) return false;
        if (!repository.use(unused.get().id(), clock.instant())) return false;
        int left = repository.countUnused(user.id());
        events.happened(user, AuditType.RECOVERY_CODE_USED, attempt.origin(), null, "A recovery code was used",
                "A recovery code was used to sign in to your account. " + left + " of " + COUNT + " are left"
                        + (left <= 3 ? "; make new ones on your account page soon." : "."));
        return true;
    }

    @Override
    public void removeAllFor(long userId) {
        repository.deleteAll(userId);
    }

    private String newCode() {
        byte[] bytes = new byte[CODE_LENGTH * 5 / 8]; // 80 bits: 16 base32 characters
        random.nextBytes(bytes);
        return Base32.toBase32String(bytes).toLowerCase(Locale.ROOT);
    }

    /** "abcd-efgh-ijkl-mnop": groups of four are easier to copy by hand. */
    private static String format(String code) {
        return String.join("-", code.substring(0, 4), code.substring(4, 8), code.substring(8, 12), code.substring(12));
    }

    /** The 16 characters of a code as given, or null when it cannot be one. */
    private static String normalise(String given) {
        if (given == null || given.length() > 64) return null;
        String code = given.replaceAll("[\\s-]", "").toLowerCase(Locale.ROOT);
        return code.length() == CODE_LENGTH && code.chars().allMatch(c -> (c >= 'a' && c <= 'z') || (c >= '2' && c <= '7'))
                ? code : null;
    }
}
