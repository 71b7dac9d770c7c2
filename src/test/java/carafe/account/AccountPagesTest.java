package carafe.account;

import static carafe.support.CarafeServer.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

import carafe.support.CarafeServer;
import carafe.support.Client;
import carafe.support.Html;
import carafe.support.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code /account}, {@code /forgot}, {@code /reset/..} and {@code /confirm/..} as a browser without JavaScript uses them. */
class AccountPagesTest {
    @RegisterExtension
    static final CarafeServer server = new CarafeServer();

    private static final String NEW_PASSWORD = "another passphrase 77";

    private static Response submit(Client client, String action, String... fields) {
        String csrf = Html.hidden(client.page("/account").body(), "_csrf");
        String[] all = new String[fields.length + 2];
        all[0] = "_csrf";
        all[1] = csrf;
        System.arraycopy(fields, 0, all, 2, fields.length);
        return client.postForm(action, Html.form(all), "Accept", "text/html");
    }

    @Test
    void the_account_page_shows_profile_password_sessions_and_events() {
        var owner = server.signUp("page", "Page <Owner>");
        var client = owner.client();

        var response = client.page("/account");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("Cache-Control")).isEqualTo("no-store");
        String html = response.body();
        assertThat(Html.field(html, "name")).contains("value=\"Page &lt;Owner").doesNotContain("<Owner");
        assertThat(Html.field(html, "email")).contains("value=\"" + owner.email() + "\"");
        assertThat(html).contains("action=\"/account/password\"").contains("action=\"/account/profile\"")
                .contains("data-testid=\"unconfirmed\"").contains("this device").contains("127.0.0.1")
                .contains("registered").doesNotContainPattern("<script(?![^>]*\\ssrc=\"/static/)")
                .doesNotContainPattern("(?i)\\son[a-z]+=");
    }

    @Test
    void the_account_page_needs_a_sign_in() {
        var response = server.client().page("/account");
        assertThat(response.status()).isEqualTo(303);
        assertThat(response.header("Location")).isEqualTo("/login?next=%2Faccount");
    }

    @Test
    void renaming_through_the_form_redirects_with_a_flash_and_errors_keep_the_input() {
        var client = server.signUp("form-rename", "Before").client();

        var saved = submit(client, "/account/profile", "name", "After", "email", "");
        assertThat(saved.status()).as(saved.body()).isEqualTo(422);

        String email = client.get("/api/account").json().path("email").asText();
        var ok = submit(client, "/account/profile", "name", "After", "email", email);
        assertThat(ok.status()).isEqualTo(303);
        assertThat(ok.header("Location")).isEqualTo("/account");
        assertThat(client.page("/account").body()).contains("Profile saved.").contains("value=\"After\"");

        var blank = submit(client, "/account/profile", "name", "   ", "email", email);
        assertThat(blank.status()).isEqualTo(422);
        assertThat(Html.field(blank.body(), "name")).contains("must not be blank");
    }

    @Test
    void an_email_change_through_the_form_asks_for_the_password_and_then_waits_for_confirmation() {
        var mover = server.signUp("form-move", "Mover");
        var client = mover.client();
        String wanted = CarafeServer.uniqueEmail("form-wanted");

        var noPassword = submit(client, "/account/profile", "name", "Mover", "email", wanted);
        assertThat(noPassword.status()).isEqualTo(422);
        assertThat(Html.field(noPassword.body(), "profilePassword")).contains("is required to change your email address");
        assertThat(Html.field(noPassword.body(), "email")).as("input kept").contains("value=\"" + wanted + "\"");

        var requested = submit(client, "/account/profile", "name", "Mover", "email", wanted, "profilePassword", PASSWORD);
        assertThat(requested.status()).isEqualTo(303);
        String after = client.page("/account").body();
        assertThat(after).contains("We have mailed a confirmation link to your new address")
                .contains("data-testid=\"pending-email\"").contains(wanted);
        assertThat(client.get("/api/account").json().path("email").asText()).isEqualTo(mover.email());
    }

    @Test
    void changing_the_password_through_the_form_signs_out_other_devices() {
        var changer = server.signUp("form-password");
        var client = changer.client();
        var other = changer.signInOnAnotherDevice();

        var wrong = submit(client, "/account/password", "currentPassword", "nope nope nope", "newPassword", NEW_PASSWORD);
        assertThat(wrong.status()).isEqualTo(422);
        assertThat(Html.field(wrong.body(), "currentPassword")).contains("is not correct");
        assertThat(wrong.body()).doesNotContain(NEW_PASSWORD);

        var changed = submit(client, "/account/password", "currentPassword", PASSWORD, "newPassword", NEW_PASSWORD);
        assertThat(changed.status()).isEqualTo(303);
        assertThat(client.page("/account").body()).contains("Password changed. Every other device has been signed out.");
        assertThat(other.session().status()).isEqualTo(401);
        assertThat(server.client().login(changer.email(), NEW_PASSWORD).status()).isEqualTo(200);
    }

    @Test
    void another_device_can_be_signed_out_from_the_list() {
        var lister = server.signUp("form-sessions");
        var client = lister.client();
        var phone = lister.signInOnAnotherDevice();
        String phoneId = null;
        for (var s : phone.get("/api/account/sessions").json()) {
            if (s.path("current").asBoolean()) phoneId = s.path("id").asText();
        }
        assertThat(client.page("/account").body()).contains("/account/sessions/" + phoneId + "/sign-out");

        var response = submit(client, "/account/sessions/" + phoneId + "/sign-out");

        assertThat(response.status()).isEqualTo(303);
        assertThat(response.header("Location")).isEqualTo("/account#sessions");
        assertThat(phone.session().status()).isEqualTo(401);
        assertThat(client.session().status()).isEqualTo(200);
    }

    @Test
    void a_form_post_without_the_csrf_token_changes_nothing() {
        var client = server.signUp("form-csrf", "Guarded").client();

        var response = client.postForm("/account/profile", Html.form("name", "Hacked"), "Accept", "text/html");

        assertThat(response.status()).isEqualTo(403);
        assertThat(client.get("/api/account").json().path("name").asText()).isEqualTo("Guarded");
    }

    @Test
    void the_forgot_page_says_the_same_for_any_address() {
        String known = server.signUp("forgot-known").email();
        var client = server.client();

        String form = client.page("/forgot").body();
        assertThat(form).contains("action=\"/forgot\"");
        var forKnown = client.postForm("/forgot", Html.form("_csrf", Html.hidden(form, "_csrf"), "email", known),
                "Accept", "text/html");
        var forUnknown = client.postForm("/forgot", Html.form("_csrf", Html.hidden(client.page("/forgot").body(), "_csrf"),
                "email", CarafeServer.uniqueEmail("forgot-unknown")), "Accept", "text/html");

        assertThat(forKnown.status()).isEqualTo(202);
        assertThat(forUnknown.status()).isEqualTo(202);
        assertThat(forKnown.body()).contains("data-testid=\"forgot-sent\"");
        assertThat(forUnknown.body()).contains("data-testid=\"forgot-sent\"");
    }

    @Test
    void the_forgot_form_needs_its_form_token_and_a_plausible_address() {
        var client = server.client();
        var noToken = client.postForm("/forgot", Html.form("email", "a@example.com"), "Accept", "text/html");
        assertThat(noToken.status()).isEqualTo(403);

        var invalid = client.postForm("/forgot", Html.form("_csrf", Html.hidden(client.page("/forgot").body(), "_csrf"),
                "email", "not-an-address"), "Accept", "text/html");
        assertThat(invalid.status()).isEqualTo(422);
        assertThat(Html.field(invalid.body(), "email")).contains("value=\"not-an-address\"");
    }

    @Test
    void unknown_reset_and_confirmation_links_say_so_and_offer_a_way_on() {
        var reset = server.client().page("/reset/not-a-real-token");
        assertThat(reset.status()).isEqualTo(400);
        assertThat(reset.body()).contains("invalid, has already been used or has expired").contains("href=\"/forgot\"")
                .doesNotContain("action=\"/reset/");

        var confirm = server.client().page("/confirm/not-a-real-token");
        assertThat(confirm.status()).isEqualTo(400);
        assertThat(confirm.body()).contains("invalid, has already been used or has expired");

        var api = server.client().postJson("/api/auth/confirm", "{\"token\":\"not-a-real-token\"}");
        assertThat(api.status()).isEqualTo(400);
        assertThat(api.contentType()).isEqualTo("application/problem+json");
    }

    @Test
    void the_login_page_links_to_the_forgot_page() {
        assertThat(server.client().page("/login").body()).contains("href=\"/forgot\"");
    }
}
