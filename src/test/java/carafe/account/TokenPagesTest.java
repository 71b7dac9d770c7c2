package carafe.account;

import static carafe.support.Html.field;
import static carafe.support.Html.firstGroup;
import static carafe.support.Html.form;
import static carafe.support.Html.hidden;
import static carafe.support.Html.unescape;
import static org.assertj.core.api.Assertions.assertThat;

import carafe.support.CarafeServer;
import carafe.support.Client;
import carafe.support.Json;
import carafe.support.Response;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The API tokens section of the account pages over real HTTP, as a browser without JavaScript uses it:
 * the create form answers with the secret once, revoke buttons post and redirect with a flash.
 */
class TokenPagesTest {
    @RegisterExtension
    static final CarafeServer server = new CarafeServer();

    private static final String FLASH = "carafe_flash";
    private static final String SHOWN_ONCE = "Copy it now: it will not be shown again.";
    private static final Pattern SECRET = Pattern.compile("carafe_[0-9a-f]{64}");

    private static Response createViaForm(Client client, String name, String days) {
        String csrf = hidden(client.page("/account").body(), "_csrf");
        return client.postForm("/account/tokens", form("_csrf", csrf, "tokenName", name, "expiresInDays", days),
                "Accept", "text/html");
    }

    private static String secretShownIn(String page) {
        return firstGroup(page, "<code class=\"secret\" data-testid=\"new-token\">(carafe_[0-9a-f]{64})</code>");
    }

    private static String revokeAction(String page, String name) {
        return firstGroup(page, "<strong>" + Pattern.quote(name) + "</strong>.*?<form method=\"post\" action=\"(/account/tokens/\\d+/revoke)\"");
    }

    private static int apiStatusWith(String secret) {
        return server.client().get("/api/notes", "Authorization", "Bearer " + secret).status();
    }

    @Test
    void an_anonymous_browser_goes_to_sign_in() {
        var page = server.client().page("/account");

        assertThat(page.status()).isEqualTo(303);
        assertThat(page.header("Location")).isEqualTo("/login?next=%2Faccount");
        assertThat(server.client().postForm("/account/tokens", form("tokenName", "x"), "Accept", "text/html").status())
                .isEqualTo(401);
    }

    @Test
    void the_section_lists_nothing_yet_and_carries_the_csrf_token() {
        var client = server.signUp("empty").client();

        var page = client.page("/account");

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.header("Cache-Control")).isEqualTo("no-store");
        assertThat(page.body()).contains("<section class=\"card\" id=\"tokens\" aria-labelledby=\"tokens-heading\">")
                .contains("No API tokens yet.")
                .contains("<form method=\"post\" action=\"/account/tokens\" novalidate>")
                .doesNotContain(SHOWN_ONCE)
                .doesNotContainPattern("(?i)\\son[a-z]+=");
        assertThat(hidden(page.body(), "_csrf")).isEqualTo(client.csrfToken());
        assertThat(field(page.body(), "tokenName")).contains("<label for=\"tokenName\">Token name</label>");
        assertThat(field(page.body(), "expiresInDays")).contains("type=\"number\"");
    }

    @Test
    void creating_through_the_form_shows_the_secret_once_and_it_works_on_the_api() {
        var client = server.signUp("creator").client();

        var created = createViaForm(client, "laptop backup", "7");

        assertThat(created.status()).isEqualTo(201);
        assertThat(created.header("Cache-Control")).isEqualTo("no-store");
        assertThat(created.header("Location")).isNull();
        assertThat(created.setCookies()).noneMatch(cookie -> SECRET.matcher(cookie).find());
        assertThat(created.body()).contains("<p>Token <strong>laptop backup</strong> created. " + SHOWN_ONCE + "</p>");
        String secret = secretShownIn(created.body());
        assertThat(apiStatusWith(secret)).isEqualTo(200);
        // The form is empty again and the new token is listed.
        assertThat(field(created.body(), "tokenName")).contains("value=\"\"");
        assertThat(created.body()).contains("<strong>laptop backup</strong>").contains("never used")
                .doesNotContain("No API tokens yet.");

        // Never shown again: not on the page, not in the API's list.
        var again = client.page("/account");
        assertThat(again.body()).doesNotContain(secret).doesNotContain(SHOWN_ONCE)
                .contains("<strong>laptop backup</strong>").contains("last used");
        assertThat(client.get("/api/account/tokens").body()).doesNotContain(secret);
        var api = client.get("/api/account/tokens").json().get(0);
        assertThat(api.path("name").asText()).isEqualTo("laptop backup");
        assertThat(java.time.Duration.between(java.time.Instant.parse(api.path("createdAt").asText()),
                java.time.Instant.parse(api.path("expiresAt").asText()))).isEqualTo(java.time.Duration.ofDays(7));
    }

    @Test
    void an_empty_expiry_means_the_default() {
        var client = server.signUp("default").client();

        assertThat(createViaForm(client, "default", "").status()).isEqualTo(201);

        var api = client.get("/api/account/tokens").json().get(0);
        assertThat(java.time.Duration.between(java.time.Instant.parse(api.path("createdAt").asText()),
                java.time.Instant.parse(api.path("expiresAt").asText()))).isEqualTo(java.time.Duration.ofDays(90));
    }

    @Test
    void invalid_input_is_422_with_messages_next_to_the_fields_and_the_input_kept() {
        var client = server.signUp("invalid").client();

        var blank = createViaForm(client, "  ", "30");
        assertThat(blank.status()).isEqualTo(422);
        assertThat(field(blank.body(), "tokenName")).contains("class=\"field has-error\"").contains("aria-invalid=\"true\"")
                .contains("<p class=\"field-error\" id=\"tokenName-error\">Token name is required.</p>");
        assertThat(field(blank.body(), "expiresInDays")).contains("value=\"30\"").doesNotContain("field-error");
        assertThat(blank.body()).doesNotContain(SHOWN_ONCE);

        for (String days : new String[] {"0", "366", "soon", "1.5", "99999999999"}) {
            var response = createViaForm(client, "kept name", days);
            assertThat(response.status()).as(days).isEqualTo(422);
            assertThat(field(response.body(), "expiresInDays")).as(days).contains("value=\"" + days + "\"")
                    .contains("<p class=\"field-error\" id=\"expiresInDays-error\">Days until it expires must be a whole number from 1 to 365.</p>");
            assertThat(field(response.body(), "tokenName")).contains("value=\"kept name\"");
        }
        var tooLong = createViaForm(client, "n".repeat(101), "");
        assertThat(tooLong.status()).isEqualTo(422);
        assertThat(field(tooLong.body(), "tokenName")).contains("Token name must be at most 100 characters.");
        var nul = createViaForm(client, "bad\u0000name", "");
        assertThat(nul.status()).isEqualTo(422);
        assertThat(field(nul.body(), "tokenName")).contains("Token name contains characters that are not allowed.");

        assertThat(client.get("/api/account/tokens").json()).isEmpty();
    }

    @Test
    void the_name_is_escaped() {
        var client = server.signUp("escaper").client();

        var created = createViaForm(client, "<script>alert(1)</script>", "");

        assertThat(created.status()).isEqualTo(201);
        assertThat(created.body()).doesNotContain("<script>alert(1)</script>")
                .contains("<strong>&lt;script&gt;alert(1)&lt;/script&gt;</strong>");
    }

    @Test
    void revoking_through_the_form_redirects_to_the_account_page_with_a_flash_and_the_token_stops_working() {
        var client = server.signUp("revoker").client();
        String secret = secretShownIn(createViaForm(client, "old laptop", "").body());
        createViaForm(client, "new laptop", "");
        String page = client.page("/account").body();

        var response = client.postForm(revokeAction(page, "old laptop"), form("_csrf", hidden(page, "_csrf")),
                "Accept", "text/html");

        assertThat(response.status()).isEqualTo(303);
        assertThat(response.header("Location")).isEqualTo("/account#tokens");
        assertThat(response.setCookie(FLASH)).isPresent();
        assertThat(apiStatusWith(secret)).isEqualTo(401);
        var after = client.page("/account").body();
        assertThat(after).contains("<p class=\"flash flash-info\" role=\"status\">API token “old laptop” revoked.</p>")
                .doesNotContain("<strong>old laptop</strong>")
                .contains("<strong>new laptop</strong>");
    }

    @Test
    void revoking_without_the_csrf_field_is_refused() {
        var client = server.signUp("forged").client();
        String secret = secretShownIn(createViaForm(client, "keep me", "").body());
        String action = revokeAction(client.page("/account").body(), "keep me");

        var forged = client.postForm(action, form("_csrf", "wrong"), "Accept", "text/html");

        assertThat(forged.status()).isEqualTo(403);
        assertThat(unescape(forged.body())).contains("This form has expired.");
        assertThat(apiStatusWith(secret)).isEqualTo(200);
    }

    @Test
    void another_users_token_cannot_be_revoked_through_the_form() {
        var owner = server.signUp("owner").client();
        String secret = secretShownIn(createViaForm(owner, "mine", "").body());
        String action = revokeAction(owner.page("/account").body(), "mine");
        var other = server.signUp("other").client();

        var response = other.postForm(action, form("_csrf", other.csrfToken()), "Accept", "text/html");

        assertThat(response.status()).isEqualTo(404);
        assertThat(other.postForm("/account/tokens/nope/revoke", form("_csrf", other.csrfToken()), "Accept", "text/html")
                .status()).isEqualTo(404);
        assertThat(apiStatusWith(secret)).isEqualTo(200);
    }

    @Test
    void expired_tokens_are_marked_until_the_janitor_removes_them() {
        var member = server.signUp("expired");
        var client = member.client();
        assertThat(client.postJson("/api/account/tokens", Json.object("name", "brief", "expiresInDays", 1)).status())
                .isEqualTo(201);
        String page = client.page("/account").body();
        assertThat(page).contains("expires ").doesNotContain("<li class=\"expired\">");

        server.clock.advance(java.time.Duration.ofDays(1));
        assertThat(client.login(member.email(), member.password()).status()).isEqualTo(200); // the session idled out meanwhile

        assertThat(client.page("/account").body()).contains("<li class=\"expired\">").contains("expired ");
    }
}
