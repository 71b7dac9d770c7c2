package carafe.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PasswordPolicyTest {
    private final PasswordPolicy policy = new PasswordPolicy();

    private String problem(String password) {
        return policy.problem(password).orElse("");
    }

    @Test
    void eight_to_1024_characters_of_any_kind_are_accepted() {
        assertThat(policy.problem("zq8#Lm!v")).isEmpty();
        assertThat(policy.problem("日本語のパスワードです")).isEmpty();
        assertThat(policy.problem("z".repeat(1024))).isEmpty();
    }

    @Test
    void length_is_counted_after_normalisation_in_characters() {
        assertThat(problem("zq8#Lm!")).contains("must be at least 8 characters");
        // U+FB01 (the "fi" ligature) normalises to two letters under NFKC.
        assertThat(policy.problem("\uFB01xq8#Lm")).isEmpty();
        assertThat(problem("z".repeat(1025))).contains("must be at most 1024 characters");
    }

    @Test
    void common_breached_passwords_are_refused_in_any_case() {
        assertThat(problem("password1")).contains("most common");
        assertThat(problem("BASEBALL1")).contains("most common");
        assertThat(problem("zq8#Lm!v-unlisted")).isEmpty();
        assertThat(problem("Sunshine")).contains("most common");
        assertThat(problem("iloveyou")).contains("most common");
    }

    @Test
    void normalisation_makes_composed_and_decomposed_forms_equal() {
        assertThat(PasswordPolicy.normalize("cafe\u0301")).isEqualTo(PasswordPolicy.normalize("caf\u00e9"));
        assertThat(PasswordPolicy.normalize("１２３")).isEqualTo("123");
    }
}
