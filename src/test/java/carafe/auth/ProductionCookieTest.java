package carafe.auth;

import static carafe.support.CarafeServer.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

import carafe.support.CarafeServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** In production the session cookie is Secure and carries the __Host- prefix (SPEC §6). */
class ProductionCookieTest {
    @RegisterExtension
    static final CarafeServer server = new CarafeServer()
            .with("CARAFE_ENV", "production")
            .with("CARAFE_BASE_URL", "https://carafe.example")
            .with("CARAFE_SECRET_KEY", "k".repeat(48));

    @Test
    void the_session_cookie_is_secure_with_the_host_prefix() {
        var response = server.client().register(CarafeServer.uniqueEmail("prod"), "Prod", PASSWORD);

        String cookie = response.setCookie("__Host-carafe_session").orElseThrow();
        assertThat(cookie).contains("; Secure").contains("; HttpOnly").contains("; SameSite=Lax").contains("; Path=/")
                .doesNotContain("Domain=");
    }

    @Test
    void pages_say_to_use_https_from_now_on() {
        assertThat(server.client().get("/").header("Strict-Transport-Security")).startsWith("max-age=");
    }
}
