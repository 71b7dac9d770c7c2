package carafe.account;

import carafe.auth.AcceptablePassword;
import jakarta.validation.constraints.NotBlank;

/** {@code POST /api/auth/reset}: the token from the reset link and the new password. */
public record ResetRequest(@NotBlank(message = "is required") String token, @AcceptablePassword String password) {}
