package carafe.account;

import carafe.auth.PlausibleEmail;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * {@code PATCH /api/account}: what to change; a field left out stays as it is. Changing the email
 * needs the current password (ASVS 5.0 7.5.1) and only takes effect once the new address confirms.
 */
public record ProfileChange(
        @Size(max = 100, message = "must be at most {max} characters")
        @Pattern(regexp = "(?s).*\\S.*", message = "must not be blank") String name,
        @Pattern(regexp = "(?s).*\\S.*", message = "must not be blank") @PlausibleEmail String email,
        String currentPassword) {}
