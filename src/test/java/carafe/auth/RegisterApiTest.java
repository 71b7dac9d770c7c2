package carafe.auth;

import static carafe.db.schema.Tables.USERS;
import static carafe.support.CarafeServer.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

import carafe.support.CarafeServer;
import carafe.support.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class RegisterApiTest {
    @RegisterExtension
    static final CarafeServer server = new CarafeServer();

    @Test
    void register_creates_the_account_signs_in_and_returns_a_csrf_token() {
        var client = server.client();
        String email = CarafeServer.uniqueEmail("ada");

        var response = client.register(email, "Ada Lovelace", PASSWORD);

        assertThat(response.status()).isEqualTo(201);
        assertThat(response.header("Cache-Control")).isEqualTo("no-store");
        var user = response.json().path("user");
        assertThat(user.path("email").asText()).isEqualTo(email);
        assertThat(user.path("name").asText()).isEqualTo("Ada Lovelace");
        assertThat(user.path("roles").get(0).asText()).isEqualTo("user");
        assertThat(user.path("emailConfirmed").asBoolean()).isFalse();
        assertThat(user.path("createdAt").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z");
        assertThat(response.json().path("csrfToken").asText()).hasSizeGreaterThanOrEqualTo(22);
        assertThat(client.session().status()).isEqualTo(200);
    }

    @Test
    void email_is_normalised_and_unique_regardless_of_case() {
        String email = CarafeServer.uniqueEmail("grace");
        var first = server.client().register("  " + email.toUpperCase() + " ", "Grace", PASSWORD);
        assertThat(first.json().path("user").path("email").asText()).isEqualTo(email);

        var second = server.client().register(email, "Grace again", PASSWORD);

        assertThat(second.status()).isEqualTo(409);
        assertThat(second.contentType()).isEqualTo("application/problem+json");
        assertThat(second.json().path("detail").asText()).contains("already exists");
        assertThat(server.db().fetchCount(USERS, USERS.EMAIL.eq(email))).isOne();
    }

    @Test
    void the_password_is_stored_as_an_argon2id_hash() {
        String email = CarafeServer.uniqueEmail("hash");
        server.client().register(email, "Hash", PASSWORD);

        String stored = server.db().select(USERS.PASSWORD_HASH).from(USERS).where(USERS.EMAIL.eq(email)).fetchOne().value1();

        assertThat(stored).startsWith("$argon2id$v=19$m=7168,t=5,p=1$").doesNotContain(PASSWORD);
    }

    @Test
    void invalid_fields_get_422_with_one_error_per_field() {
        var response = server.client().postJson("/api/auth/register",
                Json.object("email", "not-an-email", "name", "", "password", "short"));

        assertThat(response.status()).isEqualTo(422);
        assertThat(response.json().path("errors").findValuesAsText("field")).containsExactly("email", "name", "password");
        assertThat(response.json().path("errors").get(2).path("message").asText()).contains("at least 8");
    }

    @Test
    void missing_fields_are_reported_as_required() {
        var response = server.client().postJson("/api/auth/register", "{}");

        assertThat(response.status()).isEqualTo(422);
        assertThat(response.json().path("errors").findValuesAsText("field")).containsExactly("email", "name", "password");
    }

    @Test
    void a_common_breached_password_is_refused() {
        var response = server.client().register(CarafeServer.uniqueEmail("common"), "Common", "Password1");

        assertThat(response.status()).isEqualTo(422);
        assertThat(response.json().path("errors").get(0).path("message").asText()).contains("most common");
    }

    @Test
    void passwords_are_counted_in_characters_after_normalisation() {
        // Eight emoji are eight characters (sixteen UTF-16 units): accepted.
        var emoji = server.client().register(CarafeServer.uniqueEmail("emoji"), "Emoji", "🐱🐶🐭🐹🐰🦊🐻🐼");
        assertThat(emoji.status()).isEqualTo(201);

        var tooLong = server.client().register(CarafeServer.uniqueEmail("long"), "Long", "x".repeat(1025));
        assertThat(tooLong.status()).isEqualTo(422);
        assertThat(tooLong.json().path("errors").get(0).path("message").asText()).contains("at most 1024");

        var longest = server.client().register(CarafeServer.uniqueEmail("longest"), "Longest", "y".repeat(1024));
        assertThat(longest.status()).isEqualTo(201);
    }

    @Test
    void a_name_over_100_characters_is_refused() {
        var response = server.client().register(CarafeServer.uniqueEmail("name"), "n".repeat(101), PASSWORD);

        assertThat(response.status()).isEqualTo(422);
        assertThat(response.json().path("errors").get(0).path("field").asText()).isEqualTo("name");
    }

    @Test
    void a_cross_site_request_is_refused() {
        var response = server.client().postJson("/api/auth/register",
                Json.object("email", CarafeServer.uniqueEmail("csrf"), "name", "X", "password", PASSWORD),
                "Origin", "https://evil.example", "Sec-Fetch-Site", "cross-site");

        assertThat(response.status()).isEqualTo(403);
        assertThat(response.setCookies()).isEmpty();
    }
}
