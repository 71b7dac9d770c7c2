package carafe.mail;

import java.net.URI;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The mails the account features send. Each renders its text and HTML templates
 * ({@code mail/NAME.jte} in src/main/jte and src/main/jte-plain) and queues the mail: it returns at
 * once, whatever the mail server's state, and the worker sends it. Call these after the transaction
 * that created the token has committed (see {@link MailQueue#enqueue}).
 *
 * <p>An address no mail can be sent to (one that fails {@link MailAddresses#recipient}, e.g. with a
 * line break) is not queued: the request goes on, and a warning is logged without the address.
 */
public final class AccountMails {
    private static final Logger log = LoggerFactory.getLogger(AccountMails.class);
    private static final int MAX_NAME_LENGTH = 100; // as users.name
    private static final int MAX_EMAIL_LENGTH = 254;

    private final MailQueue queue;
    private final MailTemplates templates;
    private final Duration confirmationLinkLifetime;
    private final Duration resetLinkLifetime;

    /**
     * @param confirmationLinkLifetime how long email confirmation links work, as the mails say
     * @param resetLinkLifetime how long password reset links work, as the mail says
     */
    public AccountMails(MailQueue queue, MailTemplates templates, Duration confirmationLinkLifetime,
                        Duration resetLinkLifetime) {
        this.queue = queue;
        this.templates = templates;
        this.confirmationLinkLifetime = confirmationLinkLifetime;
        this.resetLinkLifetime = resetLinkLifetime;
    }

    /** "Confirm your email address": the link that confirms a new account's address. */
    public void emailConfirmation(String to, String name, URI link) {
        String subject = "Confirm your email address";
        String expiresIn = inWords(confirmationLinkLifetime);
        queue(to, subject, (text, html, site) -> new MailTemplates.Parts(
                text.mailEmailConfirmation(site, subject, cleanName(name), link.toString(), expiresIn),
                html.mailEmailConfirmation(site, subject, cleanName(name), link.toString(), expiresIn)));
    }

    /** "Reset your password": the reset link, when it expires, and that it can be ignored. */
    public void passwordReset(String to, String name, URI link) {
        String subject = "Reset your password";
        String expiresIn = inWords(resetLinkLifetime);
        queue(to, subject, (text, html, site) -> new MailTemplates.Parts(
                text.mailPasswordReset(site, subject, cleanName(name), link.toString(), expiresIn),
                html.mailPasswordReset(site, subject, cleanName(name), link.toString(), expiresIn)));
    }

    /** "Confirm your new email address": sent to the new address; the change happens once it is confirmed. */
    public void emailChangeConfirmation(String newEmail, String name, URI link) {
        String subject = "Confirm your new email address";
        String expiresIn = inWords(confirmationLinkLifetime);
        queue(newEmail, subject, (text, html, site) -> new MailTemplates.Parts(
                text.mailEmailChangeConfirmation(site, subject, cleanName(name), link.toString(), expiresIn),
                html.mailEmailChangeConfirmation(site, subject, cleanName(name), link.toString(), expiresIn)));
    }

    /** "Your email address was changed": tells the old address, so a hijacked account does not go unnoticed. */
    public void emailChangedNotice(String oldEmail, String name, String newEmail) {
        String subject = "Your email address was changed";
        String changedTo = OneLine.of(newEmail, MAX_EMAIL_LENGTH);
        queue(oldEmail, subject, (text, html, site) -> new MailTemplates.Parts(
                text.mailEmailChangedNotice(site, subject, cleanName(name), changedTo),
                html.mailEmailChangedNotice(site, subject, cleanName(name), changedTo)));
    }

    /**
     * A change to how the account signs in (a second factor turned on or off, recovery codes renewed or
     * used, a device remembered): what happened, in one sentence, and what to do if it was not them.
     */
    public void securityNotice(String to, String name, String subject, String happened) {
        queue(to, subject, (text, html, site) -> new MailTemplates.Parts(
                text.mailSecurityNotice(site, subject, cleanName(name), happened),
                html.mailSecurityNotice(site, subject, cleanName(name), happened)));
    }

    private void queue(String to, String subject, MailTemplates.Mailing mailing) {
        if (!MailAddresses.isUsableRecipient(to)) {
            log.warn("Not sending \"{}\": the recipient is not an address mail can be sent to", subject);
            return;
        }
        queue.enqueue(templates.render(to, subject, mailing));
    }

    /** A name is the user's own text: one line (no forged paragraphs in the body), of bounded length. */
    private static String cleanName(String name) {
        return name == null ? "" : OneLine.of(name, MAX_NAME_LENGTH);
    }

    /** "30 minutes", "1 hour", "24 hours", "7 days". */
    static String inWords(Duration duration) {
        long minutes = Math.max(1, (duration.toSeconds() + 59) / 60);
        if (minutes % (60 * 24) == 0 && minutes / (60 * 24) >= 2) return plural(minutes / (60 * 24), "day");
        if (minutes % 60 == 0) return plural(minutes / 60, "hour");
        return plural(minutes, "minute");
    }

    private static String plural(long count, String unit) {
        return count + " " + unit + (count == 1 ? "" : "s");
    }
}
