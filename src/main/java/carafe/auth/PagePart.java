package carafe.auth;

import carafe.templates.Templates;
import carafe.web.Page;
import gg.jte.models.runtime.JteModel;

/**
 * A feature's own part of a page another feature owns, rendered with that page for its signed-in user:
 * the passkeys' list in the two-step settings, the linked identity providers on the account page. So a
 * way in adds its part without the page's owner knowing it.
 */
@FunctionalInterface
public interface PagePart {
    JteModel render(Templates templates, Page page, User user);

    /** As content a template can include. */
    static gg.jte.Content of(PagePart part, Templates templates, Page page, User user) {
        return output -> part.render(templates, page, user).render(output);
    }
}
