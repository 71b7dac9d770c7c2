package carafe.account;

import carafe.audit.AuditLog;
import carafe.audit.AuditType;
import carafe.audit.RequestOrigin;
import carafe.auth.Accounts;
import carafe.auth.EmailAddresses;
import carafe.auth.Principal;
import carafe.auth.Sessions;
import carafe.auth.User;
import carafe.auth.UserRepository;
import carafe.web.Conflict;
import carafe.web.ValidationFailed;
import java.time.Clock;
import java.util.function.Consumer;

/** What a signed-in user changes about their own account: name, email address, password. */
public final class AccountSettings {
    private final UserRepository users;
    private final Accounts accounts;
    private final Sessions sessions;
    private final EmailConfirmations confirmations;
    private final AuditLog audit;
    private final Clock clock;

    public AccountSettings(UserRepository users, Accounts accounts, Sessions sessions,
                           EmailConfirmations confirmations, AuditLog audit, Clock clock) {
        this.users = users;
        this.accounts = accounts;
        this.sessions = sessions;
        this.confirmations = confirmations;
        this.audit = audit;
        this.clock = clock;
    }

    /** The account after a profile change, and whether a confirmation link went to a new address. */
    public record Changed(User user, boolean confirmationSent) {}

    /**
     * Applies a validated profile change. A new name is saved at once; a new email address is only
     * mailed a confirmation link, after the current password is checked and {@code beforeMailing} has
     * let the mail go: it refuses (429) when the new address has had its share of confirmation mails, so
     * a few accounts cannot fill a stranger's inbox by "changing" to it (ASVS 2.4.1).
     */
    public Changed change(User user, ProfileChange change, RequestOrigin origin, Consumer<String> beforeMailing) {
        String newEmail = change.email() == null ? null : EmailAddresses.normalize(change.email());
        boolean emailChanges = newEmail != null && !newEmail.equals(user.email());
        if (emailChanges) {
            if (change.currentPassword() == null || change.currentPassword().isEmpty()) {
                throw new ValidationFailed("currentPassword", "is required to change your email address");
            }
            if (!accounts.passwordMatches(user.id(), change.currentPassword())) {
                throw new ValidationFailed("currentPassword", "is not correct");
            }
            if (users.findByEmail(newEmail).isPresent()) {
                throw new Conflict("Another account already uses this email address.");
            }
            beforeMailing.accept(newEmail);
        }
        if (change.name() != null && !change.name().strip().equals(user.name())) {
            users.rename(user.id(), change.name().strip(), clock.instant());
            audit.record(user.id(), AuditType.PROFILE_CHANGED, origin);
        }
        if (emailChanges) confirmations.requestChange(user, newEmail, origin);
        return new Changed(users.findById(user.id()).orElseThrow(), emailChanges);
    }

    /** The account as its owner sees it (the API's answer and the account page's profile part). */
    public AccountView view(User user) {
        return AccountView.of(user, confirmations.pendingEmail(user.id()), accounts.hasPassword(user.id()));
    }

    /**
     * Sets a first password for an account that has none (made by an identity provider), which then
     * signs in with it too; 409 when it has one (change it with the current one instead). Every other
     * session ends, as at a password change.
     */
    public void setFirstPassword(Principal principal, FirstPassword first, RequestOrigin origin) {
        long userId = principal.user().id();
        if (accounts.hasPassword(userId)) throw new Conflict("This account has a password: change it with the current one.");
        accounts.setPassword(userId, first.newPassword());
        sessions.endAllOthers(principal.session());
        audit.record(userId, null, AuditType.PASSWORD_CHANGED, origin, "first password");
    }

    /**
     * Sets a new password after checking the current one, and ends every other session of the user (a
     * thief signed in elsewhere is out). The caller moves this browser to a new session id.
     */
    public void changePassword(Principal principal, PasswordChange change, RequestOrigin origin) {
        long userId = principal.user().id();
        if (!accounts.passwordMatches(userId, change.currentPassword())) {
            throw new ValidationFailed("currentPassword", "is not correct");
        }
        accounts.setPassword(userId, change.newPassword());
        sessions.endAllOthers(principal.session());
        audit.record(userId, AuditType.PASSWORD_CHANGED, origin);
    }
}
