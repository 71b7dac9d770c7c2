package carafe.mfa;

import carafe.auth.User;
import carafe.web.BrowserName;
import carafe.web.Times;
import java.util.List;

/**
 * What the "Two-step sign-in" part of the account pages shows ({@code mfa/_section.jte}): which factors
 * are on, the recovery codes left, and the remembered browsers, each with a "forget" button.
 */
public record TwoStepSection(MfaStatus status, List<RememberedDevices.Device> devices, boolean remembersDevices) {
    public static TwoStepSection of(SecondFactors factors, User user) {
        return new TwoStepSection(MfaStatus.of(factors, user.id(), factors.requiredFor(user)),
                factors.devices().list(user.id()), factors.devices().enabled());
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
