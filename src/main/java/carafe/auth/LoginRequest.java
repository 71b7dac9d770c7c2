package carafe.auth;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Size;

/**
 * Sign-in. Only presence and a size bound are checked: the password rules apply to new passwords,
 * and the bound keeps a megabyte "password" from reaching the hash function.
 */
public record LoginRequest(
        @NotBlank(message = "is required") @Size(max = 254, message = "must be at most {max} characters") String email,
        @NotEmpty(message = "is required") @Size(max = 4096, message = "is too long") String password,
        Boolean remember) {

    public boolean rememberMe() {
        return Boolean.TRUE.equals(remember);
    }
}
