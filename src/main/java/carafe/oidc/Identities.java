package carafe.oidc;

import carafe.audit.AuditLog;
import carafe.audit.AuditType;
import carafe.audit.RequestOrigin;
import carafe.auth.EmailAddresses;
import carafe.auth.User;
import carafe.auth.UserRepository;
import carafe.mail.AccountMails;
import carafe.web.Conflict;
import carafe.web.NotFound;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongPredicate;
import org.jooq.DSLContext;

/**
 * Accounts' identities at OpenID providers (SPEC §9): what a validated ID token means for Carafe. A
 * linked identity (issuer, subject) signs its account in; a signed-in user links one from their account;
 * an unknown identity whose email belongs to an account is never linked by itself (that would hand the
 * account to whoever controls that address at the provider: Ory Kratos PR #3574); otherwise a new
 * account is made (CARAFE_OIDC_SIGNUP) when the provider says it verified the address, which is then confirmed.
 */
public final class Identities {
    /** How recent a sign-in at the provider confirms it is you: the round trip's ten minutes, and a minute of skew. */
    private static final Duration RECENT_AT_PROVIDER = Duration.ofMinutes(11);

    /** amr values (RFC 8176) that mean the provider asked for more than a password itself. */
    private static final Set<String> MULTI_FACTOR = Set.of("mfa", "otp", "hwk", "swk", "sms", "fpt", "face", "iris",
            "retina", "vbm", "sc");

    private final IdentityRepository repository;
    private final Map<String, IdentityProvider> providers = new LinkedHashMap<>();
    private final boolean signUp;
    private final UserRepository users;
    private final LongPredicate hasPasswordOrPasskey;
    private final AuditLog audit;
    private final AccountMails mails;
    private final Clock clock;

    /** What an ID token led to. */
    public sealed interface Outcome {
        /**
         * Sign this user in; {@code providerDidMfa}: a trusted provider's token shows a second factor;
         * {@code newAccount}: made just now (so without a second factor).
         */
        record SignIn(User user, boolean providerDidMfa, boolean newAccount) implements Outcome {}

        /** The identity is now (or already was) linked to the signed-in user. */
        record Linked(User user) implements Outcome {}

        /** The identity is the signed-in user's own: they have proved it is them again. */
        record Reauthenticated(User user) implements Outcome {}

        /** Nobody is signed in or linked: {@code message} says why, to the user. */
        record Refused(String message, String detail) implements Outcome {}
    }

    /** Why the flow was started. */
    public enum Intent { SIGN_IN, LINK, REAUTHENTICATE }

    /** An identity as its owner sees it. */
    public record Linked(long id, String provider, String label, String email, Instant createdAt, Instant lastUsedAt) {}

    /**
     * @param hasPasswordOrPasskey whether a user signs in without an identity provider: an account must keep a
     *                             way in (the unlink rule)
     */
    public Identities(DSLContext db, List<ProviderSettings> providers, boolean signUp, UserRepository users,
                      LongPredicate hasPasswordOrPasskey, AuditLog audit, AccountMails mails,
                      Clock clock) {
        this.repository = new IdentityRepository(db);
        providers.forEach(settings -> this.providers.put(settings.name(), new IdentityProvider(settings)));
        this.signUp = signUp;
        this.users = users;
        this.hasPasswordOrPasskey = hasPasswordOrPasskey;
        this.audit = audit;
        this.mails = mails;
        this.clock = clock;
    }

    public List<ProviderSettings> providers() {
        return providers.values().stream().map(IdentityProvider::settings).toList();
    }

    Optional<IdentityProvider> provider(String name) {
        return Optional.ofNullable(providers.get(name));
    }

    public List<Linked> list(long userId) {
        return repository.forUser(userId).stream()
                .map(i -> new Linked(i.id(), i.provider(), label(i.provider()), i.email(), i.createdAt(), i.lastUsedAt()))
                .toList();
    }

    /** What a validated ID token from {@code provider} means, for a flow started with this intent. */
    Outcome resolve(ProviderSettings provider, IDTokenClaimsSet claims, Intent intent, Long signedInUser,
                    RequestOrigin origin) {
        String issuer = claims.getIssuer().getValue();
        String subject = claims.getSubject().getValue();
        String email = claims.getStringClaim("email");
        var existing = repository.find(issuer, subject);
        return switch (intent) {
            case LINK -> link(provider, existing, issuer, subject, email, signedInUser, origin);
            case REAUTHENTICATE -> reauthenticated(provider, existing, claims, signedInUser);
            case SIGN_IN -> existing.isPresent() ? signIn(provider, existing.get(), claims)
                    : signUp(provider, issuer, subject, email, claims, origin);
        };
    }

    /**
     * Confirming it is you: the signed-in user's own identity, and the provider says they signed in there
     * just now (ASVS 6.8.4: a provider's own session, hours old, proves no one is at the keyboard).
     */
    private Outcome reauthenticated(ProviderSettings provider, Optional<IdentityRepository.Stored> existing,
                                    IDTokenClaimsSet claims, Long signedInUser) {
        // Signed out (or another user) meanwhile: signedInUser is null, and no identity is theirs.
        var user = existing.filter(i -> Long.valueOf(i.userId()).equals(signedInUser)).flatMap(i -> users.findById(i.userId()));
        if (user.isEmpty()) {
            return new Outcome.Refused("That is not the " + provider.label() + " account linked to yours.",
                    "reauthentication with an identity not the user's");
        }
        var signedInAt = claims.getAuthenticationTime();
        if (signedInAt == null || signedInAt.toInstant().isBefore(clock.instant().minus(RECENT_AT_PROVIDER))) {
            return new Outcome.Refused(provider.label() + " did not ask you to sign in again, so it cannot confirm it is "
                    + "you. Use your password or another way, or sign in to " + provider.label() + " again and retry.",
                    signedInAt == null ? "reauthentication without auth_time" : "reauthentication with an old auth_time");
        }
        return new Outcome.Reauthenticated(user.get());
    }

    private Outcome signIn(ProviderSettings provider, IdentityRepository.Stored identity, IDTokenClaimsSet claims) {
        var user = users.findById(identity.userId()).filter(User::active);
        if (user.isEmpty()) return new Outcome.Refused("This account cannot sign in.", "deactivated account");
        repository.recordUse(identity.id(), clock.instant());
        return new Outcome.SignIn(user.get(), provider.trustMfa() && providerDidMfa(claims), false);
    }

    private Outcome signUp(ProviderSettings provider, String issuer, String subject, String email,
                           IDTokenClaimsSet claims, RequestOrigin origin) {
        if (email == null || email.isBlank()) {
            return new Outcome.Refused(provider.label() + " did not tell us your email address, which an account needs.",
                    "no email claim");
        }
        String normalised = EmailAddresses.normalize(email);
        if (users.findByEmail(normalised).isPresent()) {
            // Never linked by itself, verified or not: whoever holds the address at the provider would get the account.
            return new Outcome.Refused("An account with the address " + normalised + " exists already. Sign in to it "
                    + "(with its password or passkey), then link your " + provider.label() + " account from your account page.",
                    "unknown identity with an existing account's email: not linked");
        }
        if (!signUp) {
            return new Outcome.Refused("No account is linked to this " + provider.label() + " account, and accounts "
                    + "cannot be made this way here.", "sign-up through providers is off");
        }
        String name = Optional.ofNullable(claims.getStringClaim("name")).filter(n -> !n.isBlank())
                .orElse(normalised.substring(0, normalised.indexOf('@')));
        Instant now = clock.instant();
        User user;
        try {
            user = users.insert(normalised, name.length() > 100 ? name.substring(0, 100) : name, UserRepository.NO_PASSWORD, now);
        } catch (UserRepository.EmailTaken raced) {
            return new Outcome.Refused("An account with the address " + normalised + " exists already.", "email taken meanwhile");
        }
        // An address the provider did not verify stays unconfirmed, and the identity is marked: it could be
        // a squatter's on someone else's address, so the mailbox's owner proving it takes the account back.
        boolean verified = Boolean.TRUE.equals(claims.getBooleanClaim("email_verified"));
        if (verified) users.confirmEmail(user.id(), normalised, now);
        repository.insert(user.id(), provider.name(), issuer, subject, normalised, !verified, now);
        audit.record(user.id(), null, AuditType.REGISTERED, origin, "through " + provider.name());
        return new Outcome.SignIn(users.findById(user.id()).orElseThrow(), provider.trustMfa() && providerDidMfa(claims), true);
    }

    private Outcome link(ProviderSettings provider, Optional<IdentityRepository.Stored> existing, String issuer,
                         String subject, String email, Long signedInUser, RequestOrigin origin) {
        var user = Optional.ofNullable(signedInUser).flatMap(users::findById);
        if (user.isEmpty()) return new Outcome.Refused("Sign in first, then link it from your account page.", "link without a session");
        if (existing.isPresent()) {
            return existing.get().userId() == signedInUser ? new Outcome.Linked(user.get())
                    : new Outcome.Refused("This " + provider.label() + " account is linked to another account.",
                            "identity linked to another user");
        }
        repository.insert(signedInUser, provider.name(), issuer, subject, email, false, clock.instant());
        audit.record(signedInUser, null, AuditType.IDENTITY_LINKED, origin, provider.name());
        mails.securityNotice(user.get().email(), user.get().name(), "An account was linked",
                "Your " + provider.label() + " account" + (email == null ? "" : " (" + email + ")")
                        + " was linked to your account: it can now sign you in.");
        return new Outcome.Linked(user.get());
    }

    /**
     * The account's mailbox was proven by a reset link or a sign-in code: an identity that made the account
     * with an address its provider did not verify may be a squatter's, so it is unlinked (pre-account
     * takeover, "classic-federated merge"), audited and mailed. The owner links it again if it was theirs.
     */
    public void mailboxProven(long userId, RequestOrigin origin) {
        for (var removed : repository.deleteUnproven(userId)) {
            audit.record(userId, null, AuditType.IDENTITY_UNLINKED, origin,
                    removed.provider() + ": made the account with an unverified address");
            users.findById(userId).ifPresent(user -> mails.securityNotice(user.email(), user.name(),
                    "An account was unlinked", "Your " + label(removed.provider()) + " account made this account "
                            + "without its provider confirming your address, so it was unlinked when you proved the "
                            + "address yourself. If it is yours, link it again from your account page."));
        }
    }

    /**
     * Unlinks one of the user's identities; 409 when it is their last way in (no password, no passkey,
     * no other identity: an email code does not count, as it can be turned off). Needs a recent sign-in.
     */
    public void unlink(User user, long id, RequestOrigin origin) {
        var mine = repository.forUser(user.id());
        var identity = mine.stream().filter(i -> i.id() == id).findFirst().orElseThrow(() -> new NotFound("No such linked account."));
        if (mine.size() == 1 && !hasPasswordOrPasskey.test(user.id())) {
            throw new Conflict("This is your only way to sign in: set a password or add a passkey first.");
        }
        repository.delete(user.id(), id);
        audit.record(user.id(), null, AuditType.IDENTITY_UNLINKED, origin, identity.provider());
        mails.securityNotice(user.email(), user.name(), "An account was unlinked", "Your " + label(identity.provider())
                + " account was unlinked from your account: it no longer signs you in.");
    }

    private String label(String provider) {
        var known = providers.get(provider);
        return known == null ? provider : known.settings().label();
    }

    private static boolean providerDidMfa(IDTokenClaimsSet claims) {
        var amr = claims.getAMR();
        return amr != null && amr.stream().anyMatch(value -> MULTI_FACTOR.contains(value.getValue()));
    }
}
