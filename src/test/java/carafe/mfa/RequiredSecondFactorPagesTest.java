package carafe.mfa;

import static carafe.support.CarafeServer.PASSWORD;
import static carafe.support.Html.firstGroup;
import static carafe.support.Html.form;
import static carafe.support.Html.hidden;
import static carafe.support.Html.unescape;
import static org.assertj.core.api.Assertions.assertThat;

import carafe.support.AuthenticatorApp;
import carafe.support.CarafeServer;
import carafe.support.Client;
import carafe.support.Member;
import carafe.support.Response;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * CARAFE_MFA_REQUIRED_ROLES=admin on the pages (SPEC §9 "Required second factor"): an administrator
 * without a second factor is sent from every page to the setup, sets up the app there, and then reaches
 * the admin pages. Its own server, since the setting is read at start-up.
 */
class RequiredSecondFactorPagesTest {
    @RegisterExtension
    static final CarafeServer server = new CarafeServer().with("CARAFE_MFA_REQUIRED_ROLES", "admin");

    @Test
    void an_admin_without_a_second_factor_is_sent_from_the_pages_to_the_setup() {
        var admin = server.signUpAdmin("required-redirect");

        for (String path : List.of("/", "/admin/users", "/admin/users/" + admin.id(), "/notes", "/account")) {
            var response = admin.client().page(path);
            assertThat(response.status()).as(path).isEqualTo(303);
            assertThat(response.header("Location")).as(path).isEqualTo("/account/two-step");
        }
    }

    @Test
    void the_setup_page_says_the_role_requires_it_and_offers_the_app() {
        var admin = server.signUpAdmin("required-setup");

        var response = admin.client().page("/account/two-step");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body()).contains("Your role requires two-step sign-in: set it up to go on.")
                .contains("<form method=\"post\" action=\"/account/two-step/totp\">")
                .contains("Set up an authenticator app");
    }

    @Test
    void an_admin_sets_up_the_app_on_the_setup_page_and_then_reaches_the_admin_pages() {
        var admin = server.signUpAdmin("required-enrol");
        var client = admin.client();

        var enrolment = submit(client, "/account/two-step/totp");
        assertThat(enrolment.status()).isEqualTo(200);
        String secret = unescape(firstGroup(enrolment.body(), "data-testid=\"totp-secret\">([^<]*)<"));
        var app = new AuthenticatorApp(secret, server.clock, List.of());
        var confirmed = submit(client, "/account/two-step/totp/confirm", "code", app.code());
        assertThat(confirmed.status()).isEqualTo(200);
        assertThat(confirmed.body()).contains("Two-step sign-in is on.").contains("data-testid=\"recovery-codes\"");

        var users = client.page("/admin/users");

        assertThat(users.status()).isEqualTo(200);
        assertThat(users.body()).contains("<h1>Users</h1>");
        assertThat(client.page("/").status()).isEqualTo(200);
        assertThat(client.page("/account/two-step").body()).doesNotContain("Your role requires two-step sign-in");
    }

    @Test
    void signing_in_through_the_form_as_such_an_admin_leads_to_the_setup() {
        var admin = server.signUpAdmin("required-login");
        var browser = server.client();
        String html = browser.page("/login?next=%2Fadmin%2Fusers").body();

        var signedIn = browser.postForm("/login", form("_csrf", hidden(html, "_csrf"), "next", hidden(html, "next"),
                "email", admin.email(), "password", PASSWORD), "Accept", "text/html");
        assertThat(signedIn.status()).isEqualTo(303);
        assertThat(signedIn.header("Location")).isEqualTo("/admin/users");

        var next = browser.page(signedIn.header("Location"));
        assertThat(next.status()).isEqualTo(303);
        assertThat(next.header("Location")).isEqualTo("/account/two-step");
    }

    @Test
    void such_an_admin_can_still_sign_out() {
        var admin = server.signUpAdmin("required-sign-out");

        var response = submit(admin.client(), "/logout");

        assertThat(response.status()).isEqualTo(303);
        assertThat(admin.client().session().status()).isEqualTo(401);
    }

    @Test
    void a_user_without_the_role_is_not_sent_to_the_setup() {
        Member member = server.signUp("required-not-me");

        var home = member.client().page("/");

        assertThat(home.status()).isEqualTo(200);
        assertThat(member.client().page("/account").status()).isEqualTo(200);
    }

    /** Posts a signed-in form with the session's token, as the setup page carries it. */
    private static Response submit(Client client, String action, String... fields) {
        String csrf = hidden(client.page("/account/two-step").body(), "_csrf");
        var all = new java.util.LinkedHashMap<String, String>();
        all.put("_csrf", csrf);
        all.putAll(form(fields));
        return client.postForm(action, all, "Accept", "text/html");
    }
}
