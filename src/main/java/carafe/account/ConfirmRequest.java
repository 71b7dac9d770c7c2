package carafe.account;

import jakarta.validation.constraints.NotBlank;

/** {@code POST /api/auth/confirm}: the token from a confirmation link. */
public record ConfirmRequest(@NotBlank(message = "is required") String token) {}
