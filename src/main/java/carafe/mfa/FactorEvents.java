package carafe.mfa;

import carafe.audit.AuditLog;
import carafe.audit.AuditType;
import carafe.audit.RequestOrigin;
import carafe.auth.User;
import carafe.mail.AccountMails;

/**
 * What follows every change to a user's second factors (SPEC §9 "Notifications and audit"): an audit
 * event, a mail to the user, and, when the change is to a factor, every remembered device forgotten,
 * so a browser trusted under the old factors must pass the new ones.
 */
public final class FactorEvents {
    private final RememberedDevices devices;
    private final AuditLog audit;
    private final AccountMails mails;

    public FactorEvents(RememberedDevices devices, AuditLog audit, AccountMails mails) {
        this.devices = devices;
        this.audit = audit;
        this.mails = mails;
    }

    /**
     * A factor was turned on, off or reset: remembered devices forgotten, audited (with the admin as
     * actor, or null), and the user told in a mail with this subject and sentence.
     */
    public void factorChanged(User user, AuditType type, RequestOrigin origin, Long actorId, String subject,
                              String whatHappened) {
        devices.forgetAll(user.id());
        happened(user, type, origin, actorId, subject, whatHappened);
    }

    /** Audited only: worth a line in the user's security events, not a mail (a device forgotten). */
    public void recorded(long userId, AuditType type, RequestOrigin origin) {
        audit.record(userId, type, origin);
    }

    /** Anything else worth telling (recovery codes renewed or used, a device remembered): audited, the user told. */
    public void happened(User user, AuditType type, RequestOrigin origin, Long actorId, String subject,
                         String whatHappened) {
        audit.record(user.id(), actorId, type, origin, null);
        mails.securityNotice(user.email(), user.name(), subject, whatHappened);
    }
}
