package carafe.passkeys;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** {@code PATCH /api/account/passkeys/{id}}: a new name, to tell one's passkeys apart. */
public record PasskeyName(
        @NotBlank(message = "is required") @Size(max = 100, message = "must be at most {max} characters") String name) {}
