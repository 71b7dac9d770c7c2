package carafe.emailcode;

import carafe.auth.PlausibleEmail;
import jakarta.validation.constraints.NotBlank;

/** {@code POST /api/auth/email-code}: the address to mail a sign-in code to, if an account has it. */
public record EmailCodeRequest(@NotBlank(message = "is required") @PlausibleEmail String email) {}
