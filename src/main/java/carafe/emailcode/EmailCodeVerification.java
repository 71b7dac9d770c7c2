package carafe.emailcode;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/**
 * {@code POST /api/auth/email-code/verify}: the address the code was mailed to, the code, and "keep me
 * signed in". Only presence and a size bound are checked here: a code that is not 8 digits is just wrong.
 */
public record EmailCodeVerification(
        @NotBlank(message = "is required") @Size(max = 254, message = "must be at most {max} characters") String email,
        @NotBlank(message = "is required") @Size(max = 32, message = "is too long") String code,
        Boolean remember) {

    public boolean rememberMe() {
        return Boolean.TRUE.equals(remember);
    }
}
