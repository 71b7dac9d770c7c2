package carafe.account;

import carafe.auth.PlausibleEmail;
import jakarta.validation.constraints.NotBlank;

/** {@code POST /api/auth/forgot}: the address to send a reset link to, if an account has it. */
public record ForgotRequest(@NotBlank(message = "is required") @PlausibleEmail String email) {}
