package carafe.auth;

import carafe.audit.RequestOrigin;

/**
 * What else is settled when someone proves they own an account's mailbox by a way that does not need
 * the account (a password reset link, a sign-in code by email): an identity provider that made the
 * account without verifying that address loses its link (carafe.oidc). So the features that prove a
 * mailbox need not know who cares.
 */
@FunctionalInterface
public interface MailboxProven {
    MailboxProven NOTHING = (userId, origin) -> {};

    void settle(long userId, RequestOrigin origin);
}
