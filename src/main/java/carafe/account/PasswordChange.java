package carafe.account;

import carafe.auth.AcceptablePassword;
import jakarta.validation.constraints.NotBlank;

/** {@code POST /api/account/password}: the current password proves it is the owner, the new one must pass the policy. */
public record PasswordChange(
        @NotBlank(message = "is required") String currentPassword,
        @AcceptablePassword String newPassword) {}
