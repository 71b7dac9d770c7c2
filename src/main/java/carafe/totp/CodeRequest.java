package carafe.totp;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** {@code POST /api/account/totp/confirm}: the first code the app shows. */
public record CodeRequest(
        @NotBlank(message = "is required") @Size(max = 16, message = "is too long") String code) {}
