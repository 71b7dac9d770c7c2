package carafe.auth;

import static carafe.db.schema.Tables.USERS;
import static carafe.support.CarafeServer.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

import carafe.support.CarafeServer;
import carafe.support.Json;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class LoginApiTest {
    @RegisterExtension
    static final CarafeServer server = new CarafeServer();

    @Test
    void login_returns_the_user_and_a_csrf_token_and_sets_the_session_cookie() {
        String email = server.signUp("ada").email();
        var client = server.client();

        var response = client.login(email.toUpperCase(), PASSWORD);

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("Cache-Control")).isEqualTo("no-store");
        assertThat(response.json().path("user").path("email").asText()).isEqualTo(email);
        assertThat(response.json().path("csrfToken").asText()).isNotBlank();
        assertThat(response.setCookie("carafe_session")).isPresent();
        assertThat(client.session().json().path("user").path("email").asText()).isEqualTo(email);
    }

    @Test
    void wrong_password_and_unknown_email_get_the_same_answer() {
        String email = server.signUp("bob").email();

        var wrongPassword = server.client().login(email, "not the password");
        var unknownEmail = server.client().login(CarafeServer.uniqueEmail("nobody"), "not the password");

        assertThat(wrongPassword.status()).isEqualTo(401);
        assertThat(unknownEmail.status()).isEqualTo(401);
        assertThat(wrongPassword.body()).isEqualTo(unknownEmail.body());
        assertThat(wrongPassword.setCookies()).isEmpty();
    }

    @Test
    void an_inactive_account_gets_the_same_answer_as_a_wrong_password() {
        String email = server.signUp("inactive").email();
        server.db().update(USERS).set(USERS.ACTIVE, false).where(USERS.EMAIL.eq(email)).execute();

        var response = server.client().login(email, PASSWORD);

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.json().path("detail").asText()).isEqualTo("Invalid email or password.");
    }

    @Test
    void login_issues_a_new_session_id_and_ends_the_previous_one() {
        String email = server.signUp("rotate").email();
        var client = server.client();
        client.login(email, PASSWORD);
        String before = client.cookies().get("carafe_session");

        client.login(email, PASSWORD);
        String after = client.cookies().get("carafe_session");

        assertThat(after).isNotEqualTo(before);
        var replay = server.client();
        replay.cookies().put("carafe_session", before);
        assertThat(replay.session().status()).isEqualTo(401);
    }

    @Test
    void login_records_the_time_and_count_of_sign_ins() {
        String email = server.signUp("counted").email();
        server.client().login(email, PASSWORD);
        server.client().login(email, PASSWORD);

        var row = server.db().selectFrom(USERS).where(USERS.EMAIL.eq(email)).fetchOne();

        assertThat(row.getLoginCount()).isEqualTo(2);
        assertThat(row.getLastLoginAt()).isNotNull();
    }

    @Test
    void remember_me_gives_a_persistent_cookie_and_a_long_session() {
        String email = server.signUp("remember").email();
        var client = server.client();

        var response = client.postJson("/api/auth/login", Json.object("email", email, "password", PASSWORD, "remember", true));

        assertThat(response.setCookie("carafe_session").orElseThrow()).contains("Max-Age=7776000"); // 90 days
        var session = server.storedSession(client).orElseThrow();
        assertThat(session.remember()).isTrue();
        assertThat(session.expiresAt()).isEqualTo(session.createdAt().plus(Duration.ofDays(90)));
    }

    @Test
    void without_remember_me_the_cookie_ends_with_the_browser() {
        String email = server.signUp("transient").email();

        var response = server.client().login(email, PASSWORD);

        assertThat(response.setCookie("carafe_session").orElseThrow()).doesNotContain("Max-Age").doesNotContain("Expires");
    }

    @Test
    void missing_fields_get_422() {
        var response = server.client().postJson("/api/auth/login", Json.object("email", "", "password", ""));

        assertThat(response.status()).isEqualTo(422);
        assertThat(response.json().path("errors").findValuesAsText("field")).containsExactly("email", "password");
    }

    @Test
    void a_cross_site_login_is_refused() {
        String email = server.signUp("crosssite").email();

        var response = server.client().postJson("/api/auth/login", Json.object("email", email, "password", PASSWORD),
                "Origin", "https://evil.example");

        assertThat(response.status()).isEqualTo(403);
        assertThat(response.setCookies()).isEmpty();
    }

    @Test
    void a_same_origin_browser_login_is_accepted() {
        String email = server.signUp("sameorigin").email();

        var response = server.client().postJson("/api/auth/login", Json.object("email", email, "password", PASSWORD),
                "Origin", server.baseUrl(), "Sec-Fetch-Site", "same-origin");

        assertThat(response.status()).isEqualTo(200);
    }
}
