package carafe.passkeys;

import static carafe.support.Html.firstGroup;
import static carafe.support.Html.form;
import static carafe.support.Html.hidden;
import static carafe.support.Html.unescape;
import static org.assertj.core.api.Assertions.assertThat;

import carafe.support.AuthenticatorApp;
import carafe.support.CarafeServer;
import carafe.support.Client;
import carafe.support.Mails;
import carafe.support.Member;
import carafe.support.PasskeyDevice;
import carafe.support.Response;
import carafe.web.Times;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The passkey parts of the pages over real HTTP, as a browser without JavaScript gets them (SPEC §9
 * "Passkeys"): the list in the two-step settings with its rename and remove forms, and the blocks that
 * {@code passkeys.js} reveals (adding one, the sign-in button and autofill, the second step,
 * re-authentication), each with what the script needs. Passkeys are registered over the API with
 * webauthn4j-test's emulated authenticator ({@link PasskeyDevice}); the ceremonies in a browser are
 * {@link PasskeyBrowserTest}'s.
 */
class PasskeyPagesTest {
    @RegisterExtension
    static final CarafeServer server = new CarafeServer().withMailServer();

    private static final String SCRIPT = "<script src=\"(/static/passkeys\\.[0-9a-f]{12}\\.js)\" defer></script>";

    // ---- the list in the two-step settings ----

    @Test
    void the_account_page_and_the_two_step_page_list_passkeys_with_name_added_and_last_use() {
        var member = withPasskey("pages-list", new PasskeyDevice(), "Work laptop");
        var passkey = onlyPasskey(member);
        String added = Times.when(Instant.parse(passkey.path("createdAt").asText()));

        for (String path : List.of("/account", "/account/two-step")) {
            String list = passkeysPart(member.client().page(path).body());
            assertThat(list).as(path).contains("<li data-testid=\"passkey\">")
                    .contains("<label for=\"passkey-name-" + passkey.path("id").asLong() + "\" class=\"visually-hidden\">Name of this passkey</label>")
                    .contains("value=\"Work laptop\"")
                    .contains("added " + added)
                    .contains("not used yet");
        }
    }

    @Test
    void a_passkey_that_signed_in_shows_when_it_was_last_used() {
        var device = new PasskeyDevice();
        var member = withPasskey("pages-last-use", device, "Phone");
        server.clock.advance(Duration.ofMinutes(3));
        var elsewhere = server.client();
        var options = elsewhere.postJson("/api/auth/passkey/options", "{}");
        var signedIn = elsewhere.postJson("/api/auth/passkey", "{\"credential\":" + device.get(options.json()) + "}");
        assertThat(signedIn.status()).isEqualTo(200);

        String lastUsed = Times.when(Instant.parse(onlyPasskey(member).path("lastUsedAt").asText()));
        String list = passkeysPart(member.client().page("/account").body());

        assertThat(list).contains("last used " + lastUsed).doesNotContain("not used yet");
    }

    @Test
    void an_account_without_passkeys_says_so_and_offers_to_add_one() {
        var member = server.signUp("pages-none");

        String part = passkeysPart(member.client().page("/account").body());

        assertThat(part).contains("None yet.").doesNotContain("data-testid=\"passkey\"")
                .contains("<button type=\"button\" data-passkey-register>Add a passkey</button>");
    }

    @Test
    void the_add_block_is_hidden_until_the_script_runs_and_carries_the_sessions_csrf_token_and_the_script() {
        var member = server.signUp("pages-register-block");

        for (String path : List.of("/account", "/account/two-step")) {
            String html = member.client().page(path).body();
            String block = firstGroup(html, "(<div class=\"passkey\" data-passkey-register-form[^>]*>)");
            assertThat(block).as(path).endsWith(" hidden>");
            String csrf = unescape(firstGroup(block, "data-csrf=\"([^\"]+)\""));
            assertThat(csrf).as(path).isEqualTo(member.client().csrfToken()).isEqualTo(hidden(html, "_csrf"));
            assertThat(passkeysPart(html)).as(path).contains("<label for=\"new-passkey-name\">Name for a new passkey</label>")
                    .contains("data-passkey-name");
            assertThat(firstGroup(html, SCRIPT)).as(path).startsWith("/static/passkeys.");
            assertThat(html).as(path).doesNotContainPattern("<script(?![^>]*\\ssrc=\"/static/)")
                    .doesNotContainPattern("(?i)\\son[a-z]+=");
        }
    }

    // ---- rename and remove, as plain forms ----

    @Test
    void renaming_a_passkey_goes_back_to_the_two_step_page_with_a_message() {
        var member = withPasskey("pages-rename", new PasskeyDevice(), "Phone");
        long id = onlyPasskey(member).path("id").asLong();

        var renamed = submit(member.client(), "/account/two-step/passkeys/" + id + "/rename", "name", "Old phone");

        assertThat(renamed.status()).isEqualTo(303);
        assertThat(renamed.header("Location")).isEqualTo("/account/two-step");
        String page = member.client().page("/account/two-step").body();
        assertThat(page).contains("Passkey renamed.");
        assertThat(passkeysPart(page)).contains("value=\"Old phone\"");
        assertThat(onlyPasskey(member).path("name").asText()).isEqualTo("Old phone");
    }

    @Test
    void a_blank_name_is_refused_with_a_message_and_the_name_stays() {
        var member = withPasskey("pages-rename-blank", new PasskeyDevice(), "Phone");
        long id = onlyPasskey(member).path("id").asLong();

        var refused = submit(member.client(), "/account/two-step/passkeys/" + id + "/rename", "name", "   ");

        assertThat(refused.status()).isEqualTo(303);
        assertThat(refused.header("Location")).isEqualTo("/account/two-step");
        assertThat(member.client().page("/account/two-step").body()).contains("The name is required.")
                .doesNotContain("Passkey renamed.");
        assertThat(onlyPasskey(member).path("name").asText()).isEqualTo("Phone");
    }

    @Test
    void removing_a_passkey_after_a_recent_sign_in_takes_it_off_the_list() {
        var member = withPasskey("pages-remove", new PasskeyDevice(), "Phone");
        long id = onlyPasskey(member).path("id").asLong();

        var removed = submit(member.client(), "/account/two-step/passkeys/" + id + "/delete");

        assertThat(removed.status()).isEqualTo(303);
        assertThat(removed.header("Location")).isEqualTo("/account/two-step");
        String page = member.client().page("/account/two-step").body();
        assertThat(page).contains("Passkey removed: it no longer signs you in.");
        assertThat(passkeysPart(page)).contains("None yet.").doesNotContain("data-testid=\"passkey\"");
        assertThat(member.client().get("/api/account/passkeys").json()).isEmpty();
    }

    @Test
    void adding_and_removing_a_passkey_are_mailed_to_the_user_naming_it() {
        var member = withPasskey("pages-remove-mail", new PasskeyDevice(), "Work laptop");
        String added = Mails.text(server.mail().awaitSubject(member.email(), "A passkey was added"));
        long id = onlyPasskey(member).path("id").asLong();

        submit(member.client(), "/account/two-step/passkeys/" + id + "/delete");

        String removed = Mails.text(server.mail().awaitSubject(member.email(), "A passkey was removed"));
        assertThat(added).contains("A passkey named \u201CWork laptop\u201D was added to your account");
        assertThat(removed).contains("The passkey named \u201CWork laptop\u201D was removed from your account");
    }

    @Test
    void removing_a_passkey_outside_the_reauthentication_window_goes_to_reauthenticate_and_keeps_it() {
        var member = withPasskey("pages-remove-late", new PasskeyDevice(), "Phone");
        long id = onlyPasskey(member).path("id").asLong();
        String csrf = hidden(member.client().page("/account").body(), "_csrf");
        server.clock.advance(Duration.ofMinutes(15).plusSeconds(1));

        var refused = member.client().postForm("/account/two-step/passkeys/" + id + "/delete", form("_csrf", csrf),
                "Accept", "text/html", "Referer", server.baseUrl() + "/account");

        assertThat(refused.status()).isEqualTo(303);
        assertThat(refused.header("Location")).isEqualTo("/reauthenticate?next=%2Faccount");
        assertThat(member.client().get("/api/account/passkeys").json()).hasSize(1);
    }

    @Test
    void another_users_passkey_cannot_be_renamed_or_removed_from_the_pages() {
        var owner = withPasskey("pages-owner", new PasskeyDevice(), "Phone");
        long id = onlyPasskey(owner).path("id").asLong();
        var stranger = server.signUp("pages-stranger").client();

        var rename = submit(stranger, "/account/two-step/passkeys/" + id + "/rename", "name", "Mine now");
        var remove = submit(stranger, "/account/two-step/passkeys/" + id + "/delete");

        assertThat(rename.status()).isEqualTo(404);
        assertThat(remove.status()).isEqualTo(404);
        assertThat(owner.client().get("/api/account/passkeys").json()).hasSize(1);
        assertThat(onlyPasskey(owner).path("name").asText()).isEqualTo("Phone");
    }

    // ---- signing in ----

    @Test
    void the_login_page_offers_the_passkey_button_and_autofill_in_the_email_field() {
        var response = server.client().page("/login?next=%2Fnotes");

        String html = response.body();
        String block = firstGroup(html, "(<div class=\"passkey\" data-passkey-login[^>]*>.*?</div>)");
        assertThat(block).contains("data-next=\"/notes\"").contains(" hidden>")
                .contains("<button type=\"button\" class=\"secondary\" data-passkey-sign-in>Sign in with a passkey</button>")
                .contains("data-passkey-message");
        assertThat(firstGroup(html, "(<input[^>]*id=\"email\"[^>]*>)")).contains("autocomplete=\"username webauthn\"");
        assertThat(firstGroup(html, SCRIPT)).startsWith("/static/passkeys.");
    }

    @Test
    void the_script_is_handed_only_a_local_page_to_go_to_next() {
        var member = withPasskey("pages-next", new PasskeyDevice(), "Phone");

        for (String next : List.of("javascript:alert(1)", "//evil.example", "https://evil.example/")) {
            String encoded = URLEncoder.encode(next, StandardCharsets.UTF_8);
            String login = server.client().page("/login?next=" + encoded).body();
            String reauthenticate = member.client().page("/reauthenticate?next=" + encoded).body();
            assertThat(firstGroup(login, "data-passkey-login data-next=\"([^\"]*)\"")).as(next).isEqualTo("/");
            assertThat(firstGroup(reauthenticate, "data-passkey-reauthenticate-form data-next=\"([^\"]*)\"")).as(next)
                    .isEqualTo("/");
        }
    }

    @Test
    void the_second_step_of_a_passkey_only_account_offers_the_passkey_and_no_code_field() {
        var member = withPasskey("pages-second-passkey", new PasskeyDevice(), "Phone");
        signOut(member.client());
        var browser = server.client();

        String html = secondStepPage(browser, member.email());

        assertThat(html).contains("<h1>Two-step sign-in</h1>")
                .containsPattern("<div class=\"passkey\" data-passkey-second-step-form data-next=\"/notes\" hidden>")
                .contains("<button type=\"button\" data-passkey-second-step>Use a passkey</button>")
                .doesNotContain("name=\"code\"").doesNotContain("<form method=\"post\" action=\"/login/two-step\"");
        assertThat(firstGroup(html, SCRIPT)).startsWith("/static/passkeys.");
        assertThat(browser.session().status()).as("the pending sign-in opens nothing").isEqualTo(401);
    }

    @Test
    void the_second_step_of_an_account_with_an_app_and_a_passkey_offers_both() {
        var member = server.signUp("pages-second-both");
        AuthenticatorApp.setUpFor(member, server.clock);
        assertThat(PasskeysApiTest.register(member, new PasskeyDevice(), "Phone").status()).isEqualTo(201);
        signOut(member.client());

        String html = secondStepPage(server.client(), member.email());

        assertThat(html).contains("<button type=\"button\" data-passkey-second-step>Use a passkey</button>")
                .contains("<form method=\"post\" action=\"/login/two-step\"")
                .contains("name=\"code\"").contains("autocomplete=\"one-time-code\"");
    }

    @Test
    void the_second_step_of_an_app_only_account_offers_no_passkey() {
        var member = server.signUp("pages-second-app");
        AuthenticatorApp.setUpFor(member, server.clock);
        signOut(member.client());

        String html = secondStepPage(server.client(), member.email());

        assertThat(html).contains("name=\"code\"").doesNotContain("Use a passkey").doesNotContain("data-passkey");
    }

    // ---- confirming it is you ----

    @Test
    void reauthenticate_offers_a_passkey_to_an_account_with_one_with_the_csrf_token_and_next() {
        var member = withPasskey("pages-reauth-passkey", new PasskeyDevice(), "Phone");

        String html = member.client().page("/reauthenticate?next=%2Faccount%2Ftwo-step").body();

        String block = firstGroup(html, "(<div class=\"passkey\" data-passkey-reauthenticate-form[^>]*>)");
        assertThat(block).contains("data-next=\"/account/two-step\"").endsWith(" hidden>");
        assertThat(unescape(firstGroup(block, "data-csrf=\"([^\"]+)\""))).isEqualTo(member.client().csrfToken());
        assertThat(html).contains("<button type=\"button\" data-passkey-reauthenticate>Use a passkey</button>")
                .contains("or use a passkey");
        assertThat(firstGroup(html, SCRIPT)).startsWith("/static/passkeys.");
    }

    @Test
    void reauthenticate_offers_no_passkey_to_an_account_without_one() {
        var member = server.signUp("pages-reauth-none");

        String html = member.client().page("/reauthenticate?next=%2Faccount").body();

        assertThat(html).contains("<h1>Confirm it is you</h1>").doesNotContain("Use a passkey")
                .doesNotContain("data-passkey").doesNotContain("/static/passkeys.");
    }

    // ---- helpers ----

    /** A new account with one passkey of this device, registered over the API; still signed in. */
    private static Member withPasskey(String who, PasskeyDevice device, String name) {
        var member = server.signUp(who);
        var created = PasskeysApiTest.register(member, device, name);
        assertThat(created.status()).as("registration: %s", created.body()).isEqualTo(201);
        return member;
    }

    private static JsonNode onlyPasskey(Member member) {
        var list = member.client().get("/api/account/passkeys").json();
        assertThat(list).hasSize(1);
        return list.get(0);
    }

    /** The passkeys' part of the two-step section: from its heading to the "Add a passkey" block. */
    private static String passkeysPart(String html) {
        return firstGroup(html, "(<h3>Passkeys</h3>.*?data-passkey-register-form.*?</div>)");
    }

    /** Posts a form of the signed-in pages with the session's token, as the account page carries it. */
    private static Response submit(Client client, String action, String... fields) {
        var all = form("_csrf", hidden(client.page("/account").body(), "_csrf"));
        all.putAll(form(fields));
        return client.postForm(action, all, "Accept", "text/html");
    }

    /** The password through the {@code /login} form, then the second-step page it sends to. */
    private static String secondStepPage(Client browser, String email) {
        String login = browser.page("/login?next=" + URLEncoder.encode("/notes", StandardCharsets.UTF_8)).body();
        var response = browser.postForm("/login", form("_csrf", hidden(login, "_csrf"), "next", hidden(login, "next"),
                "email", email, "password", CarafeServer.PASSWORD), "Accept", "text/html");
        assertThat(response.status()).isEqualTo(303);
        assertThat(response.header("Location")).isEqualTo("/login/two-step?next=%2Fnotes");
        var page = browser.page(response.header("Location"));
        assertThat(page.status()).isEqualTo(200);
        return page.body();
    }

    private static void signOut(Client client) {
        var response = client.postForm("/logout", form("_csrf", hidden(client.page("/account").body(), "_csrf")),
                "Accept", "text/html");
        assertThat(response.status()).isEqualTo(303);
        assertThat(client.session().status()).isEqualTo(401);
    }
}
