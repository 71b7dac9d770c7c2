package carafe.mail;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import java.util.HashMap;
import java.util.Map;

/**
 * Renders a mail from two JTE templates of the same name, compiled at build time: {@code
 * src/main/jte/mail/NAME.jte} (HTML, every expression escaped) and {@code src/main/jte-plain/mail/NAME.jte}
 * (plain text, nothing escaped: a link in a text mail must read exactly as it is).
 */
public final class MailTemplates {
    private final TemplateEngine html = TemplateEngine.createPrecompiled(ContentType.Html);
    private final TemplateEngine plain =
            TemplateEngine.createPrecompiled(null, ContentType.Plain, null, "gg.jte.generated.plain");
    private final String site;

    /** @param site how mails name the application, e.g. "Carafe" or "app.example.com" */
    public MailTemplates(String site) {
        this.site = site;
    }

    /**
     * A mail to {@code to} from template {@code name}; the templates get {@code params} plus {@code site}
     * and {@code subject}.
     */
    public Mail render(String to, String subject, String name, Map<String, ?> params) {
        var all = new HashMap<String, Object>(params);
        all.put("site", site);
        all.put("subject", subject);
        String template = "mail/" + name + ".jte";
        return new Mail(to, subject, render(plain, template, all), render(html, template, all));
    }

    private static String render(TemplateEngine engine, String template, Map<String, Object> params) {
        var output = new StringOutput();
        engine.render(template, params, output);
        return output.toString();
    }
}
