package carafe.mfa;

import carafe.auth.PagePart;
import carafe.auth.User;
import carafe.templates.Templates;
import carafe.web.BrowserName;
import carafe.web.Page;
import carafe.web.Times;
import gg.jte.Content;
import java.util.List;

/**
 * What the "Two-step sign-in" part of the account pages shows ({@code mfa/_section.jte}): which factors
 * are on, the recovery codes left, the remembered browsers (each with a "forget" button), and the parts
 * factors add themselves ({@link PagePart}: the passkeys' list and buttons), so adding a factor adds its own
 * part without changing this one.
 */
public record TwoStepSection(MfaStatus status, List<RememberedDevices.Device> devices, boolean remembersDevices,
                             List<Content> parts) {

    /** The section for this user, on this page, with the factors' parts. */
    public static TwoStepSection of(SecondFactors factors, List<PagePart> parts, Templates templates, Page page, User user) {
        List<Content> rendered = parts.stream().map(part -> PagePart.of(part, templates, page, user)).toList();
        return new TwoStepSection(MfaStatus.of(factors, user.id(), factors.requiredFor(user)),
                factors.devices().list(user.id()), factors.devices().enabled(), rendered);
    }

    public String browser(RememberedDevices.Device device) {
        return BrowserName.of(device.userAgent());
    }

    public String lastUsed(RememberedDevices.Device device) {
        return device.lastUsedAt() == null ? "not used since" : "last used " + Times.when(device.lastUsedAt());
    }

    public String remembered(RememberedDevices.Device device) {
        return "remembered " + Times.when(device.createdAt());
    }
}
