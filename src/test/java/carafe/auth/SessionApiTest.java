package carafe.auth;

import static org.assertj.core.api.Assertions.assertThat;

import carafe.support.CarafeServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class SessionApiTest {
    @RegisterExtension
    static final CarafeServer server = new CarafeServer();

    @Test
    void session_without_a_cookie_is_401_problem_json() {
        var response = server.client().session();

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.contentType()).isEqualTo("application/problem+json");
        assertThat(response.header("Cache-Control")).isEqualTo("no-store");
    }

    @Test
    void session_returns_the_user_and_the_same_csrf_token() {
        var client = server.signUp("sam").client();

        var response = client.session();

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().path("csrfToken").asText()).isEqualTo(client.csrfToken());
        assertThat(response.json().path("user").path("name").asText()).isEqualTo("sam");
    }

    @Test
    void the_session_cookie_is_httponly_samesite_lax_path_root_and_not_secure_in_development() {
        var client = server.client();
        var response = client.register(CarafeServer.uniqueEmail("cookie"), "Cookie", CarafeServer.PASSWORD);

        String cookie = response.setCookie("carafe_session").orElseThrow();

        assertThat(cookie).contains("; Path=/").contains("; HttpOnly").contains("; SameSite=Lax").doesNotContain("Secure");
        // 256 random bits, base64url: far above the 128 bits required.
        assertThat(client.cookies().get("carafe_session")).matches("[A-Za-z0-9_-]{43}");
    }

    @Test
    void only_a_hash_of_the_session_id_is_stored() {
        var client = server.signUp("hashed").client();
        String cookieValue = client.cookies().get("carafe_session");

        assertThat(server.sessionStore().find(cookieValue)).isEmpty();
        assertThat(server.sessionStore().find(SecretTokens.hash(cookieValue))).isPresent();
    }

    @Test
    void logout_deletes_the_session_so_a_replayed_cookie_gets_401() {
        var client = server.signUp("logout").client();
        String cookieValue = client.cookies().get("carafe_session");

        var response = client.logout();

        assertThat(response.status()).isEqualTo(204);
        assertThat(response.setCookie("carafe_session").orElseThrow()).contains("Max-Age=0");
        var replay = server.client();
        replay.cookies().put("carafe_session", cookieValue);
        assertThat(replay.session().status()).isEqualTo(401);
        assertThat(server.sessionStore().find(SecretTokens.hash(cookieValue))).isEmpty();
    }

    @Test
    void an_unsafe_request_without_the_csrf_token_is_403_and_changes_nothing() {
        var client = server.signUp("nocsrf").client();
        String token = client.csrfToken();
        client.csrfToken(null);

        var response = client.logout();

        assertThat(response.status()).isEqualTo(403);
        assertThat(response.contentType()).isEqualTo("application/problem+json");
        assertThat(client.csrfToken(token).session().status()).isEqualTo(200);
    }

    @Test
    void an_unsafe_request_with_a_wrong_csrf_token_is_403() {
        var client = server.signUp("wrongcsrf").client();
        String token = client.csrfToken();

        var response = client.csrfToken(token.substring(1) + "x").logout();

        assertThat(response.status()).isEqualTo(403);
        assertThat(client.session().status()).isEqualTo(200);
    }

    @Test
    void another_sessions_csrf_token_does_not_work() {
        var alice = server.signUp("alice").client();
        var mallory = server.signUp("mallory").client();

        var response = alice.csrfToken(mallory.csrfToken()).logout();

        assertThat(response.status()).isEqualTo(403);
    }

    @Test
    void logout_without_a_session_is_a_harmless_204() {
        assertThat(server.client().logout().status()).isEqualTo(204);
    }
}
