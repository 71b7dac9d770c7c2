package carafe.auth;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** An email address that {@link EmailAddresses#isPlausible} accepts once normalised. */
@Target({ElementType.FIELD, ElementType.RECORD_COMPONENT, ElementType.PARAMETER})
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = PlausibleEmail.Check.class)
public @interface PlausibleEmail {
    String message() default "must be an email address such as name@example.com";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    final class Check implements ConstraintValidator<PlausibleEmail, String> {
        @Override
        public boolean isValid(String email, ConstraintValidatorContext context) {
            if (email == null || email.isBlank()) return true; // @NotBlank reports it
            return EmailAddresses.isPlausible(EmailAddresses.normalize(email));
        }
    }
}
