package carafe.mail;

import gg.jte.models.runtime.JteModel;
import gg.jte.output.StringOutput;

/**
 * Renders a mail from two JTE templates of the same name, compiled at build time: {@code
 * src/main/jte/mail/NAME.jte} (HTML, every expression escaped) and {@code src/main/jte-plain/mail/NAME.jte}
 * (plain text, nothing escaped: a link in a text mail must read exactly as it is). Both are named
 * through the generated, typed facades, so a wrong name or parameter fails the build:
 *
 * <pre>{@code templates.render(to, subject, (text, html, site) -> new MailTemplates.Parts(
 *         text.mailPasswordReset(site, subject, name, link, expiresIn),
 *         html.mailPasswordReset(site, subject, name, link, expiresIn)));}</pre>
 */
public final class MailTemplates {
    private final carafe.templates.plain.Templates text = new carafe.templates.plain.StaticTemplates();
    private final carafe.templates.Templates html = new carafe.templates.StaticTemplates();
    private final String site;

    /** The text part and the HTML part of one mail. */
    public record Parts(JteModel text, JteModel html) {}

    /** Both templates of one mail with their parameters, given the facades and how mails name the site. */
    @FunctionalInterface
    public interface Mailing {
        Parts of(carafe.templates.plain.Templates text, carafe.templates.Templates html, String site);
    }

    /** @param site how mails name the application, e.g. "Carafe" or "app.example.com" */
    public MailTemplates(String site) {
        this.site = site;
    }

    public Mail render(String to, String subject, Mailing mailing) {
        var parts = mailing.of(text, html, site);
        return new Mail(to, subject, render(parts.text()), render(parts.html()));
    }

    private static String render(JteModel model) {
        var output = new StringOutput();
        model.render(output);
        return output.toString();
    }
}
