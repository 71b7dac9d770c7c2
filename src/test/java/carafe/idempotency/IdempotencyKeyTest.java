package carafe.idempotency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import carafe.web.BadRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The header's value is an RFC 8941 string: quoted printable ASCII, with \" and \\ escaped. */
class IdempotencyKeyTest {
    @Test
    void a_quoted_uuid_is_a_key() {
        assertThat(IdempotencyKey.parse("\"8e03978e-40d5-43e8-bc93-6894a57f9324\"").value())
                .isEqualTo("8e03978e-40d5-43e8-bc93-6894a57f9324");
    }

    @Test
    void escaped_quotes_and_backslashes_are_read_and_spaces_kept() {
        assertThat(IdempotencyKey.parse(" \"a \\\"b\\\" \\\\ c\" ").value()).isEqualTo("a \"b\" \\ c");
    }

    @ParameterizedTest
    @ValueSource(strings = {"unquoted", "\"\"", "\"", "\"open", "open\"", "\"caf\u00e9\"", "\"line\nbreak\"",
            "\"nul\u0000\"", "\"del\u007f\"", "\"ends in a backslash\\\"", "\"a\" \"b\"", "\"bad \\n escape\""})
    void anything_else_is_refused(String header) {
        assertThatThrownBy(() -> IdempotencyKey.parse(header)).isInstanceOf(BadRequest.class);
    }

    @Test
    void a_key_is_at_most_255_characters() {
        assertThat(IdempotencyKey.parse("\"" + "k".repeat(255) + "\"").value()).hasSize(255);
        assertThatThrownBy(() -> IdempotencyKey.parse("\"" + "k".repeat(256) + "\"")).isInstanceOf(BadRequest.class);
    }

    @Test
    void keys_are_stored_as_a_hash_of_fixed_length() {
        assertThat(IdempotencyKey.parse("\"k\"").hash()).hasSize(64).isNotEqualTo(IdempotencyKey.parse("\"K\"").hash());
    }
}
