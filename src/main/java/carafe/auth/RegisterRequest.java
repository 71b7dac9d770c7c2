package carafe.auth;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** Sign-up, from the API's JSON body or the register form. */
public record RegisterRequest(
        @NotBlank(message = "is required") @PlausibleEmail String email,
        @NotBlank(message = "is required") @Size(max = 100, message = "must be at most {max} characters") String name,
        @AcceptablePassword String password) {}
