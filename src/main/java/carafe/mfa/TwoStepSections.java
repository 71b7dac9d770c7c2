package carafe.mfa;

import carafe.auth.PagePart;
import carafe.auth.User;
import carafe.templates.Templates;
import carafe.web.Page;
import java.util.List;

/**
 * Makes the "Two-step sign-in" section for a user on a page: the second factors' state and the parts
 * the factors add themselves (the passkeys' list), for {@code /account} and {@code /account/two-step}.
 */
public final class TwoStepSections {
    private final SecondFactors factors;
    private final List<PagePart> parts;

    public TwoStepSections(SecondFactors factors, List<PagePart> parts) {
        this.factors = factors;
        this.parts = List.copyOf(parts);
    }

    public TwoStepSection of(Templates templates, Page page, User user) {
        return TwoStepSection.of(factors, parts, templates, page, user);
    }
}
