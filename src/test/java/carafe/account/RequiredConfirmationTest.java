package carafe.account;

import static carafe.support.CarafeServer.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

import carafe.support.CarafeServer;
import carafe.support.Html;
import carafe.support.MailServer;
import carafe.support.Mails;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** With CARAFE_REQUIRE_EMAIL_CONFIRMATION=true an account signs in only after following its link. */
class RequiredConfirmationTest {
    @RegisterExtension
    static final CarafeServer server = new CarafeServer().withMailServer()
            .with("CARAFE_REQUIRE_EMAIL_CONFIRMATION", "true");

    @Test
    void sign_up_does_not_sign_in_and_sign_in_waits_for_the_confirmation() {
        String email = CarafeServer.uniqueEmail("required");
        var client = server.client();

        var registered = client.register(email, "Careful", PASSWORD);
        assertThat(registered.status()).isEqualTo(201);
        assertThat(registered.json().path("user").path("email").asText()).isEqualTo(email);
        assertThat(registered.setCookie("carafe_session")).isEmpty();
        assertThat(client.session().status()).isEqualTo(401);
        String path = Mails.linkPath(server.mail().awaitOne(email), "/confirm/");

        var refused = server.client().login(email, PASSWORD);
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.json().path("detail").asText()).contains("confirm your email address");
        assertThat(refused.setCookie("carafe_session")).isEmpty();
        var wrongPassword = server.client().login(email, "not the password");
        assertThat(wrongPassword.status()).as("a wrong password still says nothing more").isEqualTo(401);

        assertThat(server.client().get(path, "Accept", "text/html").status()).isEqualTo(200);
        assertThat(server.client().login(email, PASSWORD).status()).isEqualTo(200);
    }

    @Test
    void the_sign_up_page_sends_the_user_to_sign_in_with_instructions() {
        String email = CarafeServer.uniqueEmail("required-page");
        var browser = server.client();
        String form = browser.get("/register", "Accept", "text/html").body();

        var response = browser.postForm("/register", Html.form("_csrf", Html.hidden(form, "_csrf"), "email", email,
                "name", "Page", "password", PASSWORD), "Accept", "text/html");

        assertThat(response.status()).isEqualTo(303);
        assertThat(response.header("Location")).isEqualTo("/login");
        assertThat(response.setCookie("carafe_session")).isEmpty();
        assertThat(browser.get("/login", "Accept", "text/html").body()).contains("Almost there");
        server.mail().awaitOne(email);

        String login = browser.get("/login", "Accept", "text/html").body();
        var refused = browser.postForm("/login", Html.form("_csrf", Html.hidden(login, "_csrf"), "email", email,
                "password", PASSWORD), "Accept", "text/html");
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.body()).contains("confirm your email address");
    }

    @Test
    void trying_to_sign_in_unconfirmed_sends_a_fresh_link_at_most_every_few_minutes() {
        String email = CarafeServer.uniqueEmail("reminded");
        server.client().register(email, "Reminded", PASSWORD);
        server.mail().awaitOne(email);

        assertThat(server.client().login(email, PASSWORD).status()).isEqualTo(403);
        assertThat(server.client().login(email, PASSWORD).status()).isEqualTo(403);
        MailServer.pause(Duration.ofMillis(300));
        assertThat(server.mail().receivedBy(email)).as("the first link is recent: no reminder yet").hasSize(1);

        server.clock.advance(Duration.ofMinutes(6));
        assertThat(server.client().login(email, PASSWORD).status()).isEqualTo(403);
        var links = server.mail().await(email, 2);
        assertThat(server.client().get(Mails.linkPath(links.get(1), "/confirm/"), "Accept", "text/html").status())
                .isEqualTo(200);
        assertThat(server.client().login(email, PASSWORD).status()).isEqualTo(200);
    }
}
