package carafe.passkeys;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import carafe.support.BrowserPage;
import carafe.support.CarafeServer;
import carafe.support.CredentialRequests;
import carafe.support.VirtualAuthenticator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import java.time.Duration;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Passkeys in a real (headless) Chromium under the real Content-Security-Policy (issue 16), with
 * Chromium's own virtual authenticator ({@link VirtualAuthenticator}, CDP {@code WebAuthn.*}) doing the
 * ceremonies that {@code passkeys.js} starts: adding a passkey on the account page, then signing in with
 * it from the button on {@code /login}, through autofill there, as the second step after a password, and
 * to confirm it is you on {@code /reauthenticate}. Browsers refuse an IP address as a relying party id,
 * so the server runs at {@code http://localhost:PORT}, its CARAFE_BASE_URL.
 *
 * <p>The login page starts a conditional (autofill) request as soon as it loads, and Chromium answers it
 * by itself when presence is simulated, so a sign-in on {@code /login} could come from either path. Each
 * test watches the page's {@code navigator.credentials.get} calls ({@link CredentialRequests}) and checks
 * which one resolved: the button test keeps presence off while the autofill request starts (so it stays
 * pending), turns it on, clicks, and sees the autofill request aborted and the modal one resolved; the
 * autofill test clicks nothing and sees only the conditional request, resolved.
 */
class PasskeyBrowserTest {
    @RegisterExtension
    @Order(1)
    static final CarafeServer server = new CarafeServer().onLocalhost();

    @RegisterExtension
    @Order(2)
    static final BrowserPage browser = new BrowserPage(server);

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CONDITIONAL = "conditional";
    private static final String MODAL = "optional";

    private Page page;
    private CredentialRequests requests;

    @BeforeEach
    void usePage() {
        page = browser.page();
        requests = CredentialRequests.watch(page);
    }

    @Test
    void the_server_runs_at_localhost_its_relying_party_and_the_page_is_a_secure_context() {
        Assertions.assertThat(server.baseUrl()).matches("http://localhost:\\d+");

        page.navigate("/login");

        assertThat(page).hasURL(server.baseUrl() + "/login");
        Assertions.assertThat(page.evaluate("window.isSecureContext")).isEqualTo(true);
        var options = browser.context().request().post(server.baseUrl() + "/api/auth/passkey/options");
        Assertions.assertThat(options.text()).contains("\"rpId\":\"localhost\"");
        assertThat(browser.button("Sign in with a passkey")).isVisible();
        browser.assertNoErrors();
    }

    @Test
    void add_a_passkey_on_the_account_page_sign_out_and_sign_in_with_the_passkey_button() {
        String name = "Grace Hopper";
        browser.signUpThroughTheForm(name);
        var authenticator = VirtualAuthenticator.addTo(page, true);

        addPasskey("Test laptop");

        Locator listed = page.getByTestId("passkey");
        assertThat(listed).hasCount(1);
        assertThat(listed.getByLabel("Name of this passkey")).hasValue("Test laptop");
        assertThat(listed).containsText("not used yet");
        Assertions.assertThat(authenticator.credentials()).hasSize(1);
        Assertions.assertThat(passkeys().get(0).path("name").asText()).isEqualTo("Test laptop");
        browser.assertNoErrors();

        signOut();
        // Presence off while /login loads: its autofill request starts and stays pending, so only the
        // button can sign in. Presence on afterwards answers the button's request, not the pending one.
        authenticator.presence(false);
        browser.link("Sign in").click();
        assertThat(page).hasURL(server.baseUrl() + "/login");
        page.waitForCondition(() -> requests.started("/login", CONDITIONAL));
        assertThat(browser.field("Email")).hasAttribute("autocomplete", "username webauthn");
        assertThat(browser.signedInAs()).hasCount(0);
        authenticator.presence(true);
        browser.button("Sign in with a passkey").click();

        assertThat(browser.signedInAs()).hasText(name);
        assertThat(page).hasURL(server.baseUrl() + "/");
        Assertions.assertThat(requests.gets("/login", CONDITIONAL)).as("the autofill request, aborted by the button")
                .containsExactly("started", "AbortError");
        Assertions.assertThat(requests.gets("/login", MODAL)).as("the button's request")
                .containsExactly("started", "resolved");
        Assertions.assertThat(session().path("amr").toString()).isEqualTo("[\"hwk\"]");
        Assertions.assertThat(passkeys().get(0).path("lastUsedAt").isNull()).as("last use recorded").isFalse();
        page.navigate("/account");
        assertThat(page.getByTestId("passkey")).containsText("last used");
        browser.assertNoCspViolations();
        browser.assertNoErrors();
    }

    @Test
    void a_passkey_signs_in_through_autofill_on_the_login_page() {
        String name = "Ada Lovelace";
        browser.signUpThroughTheForm(name);
        VirtualAuthenticator.addTo(page, true);
        addPasskey("Phone");
        signOut();

        // A guarded page sends the signed-out browser to /login?next=/notes. Presence on: the autofill
        // request /login starts on load is answered by the authenticator as a user picking the passkey
        // from the email field's suggestions would; nothing is clicked.
        page.navigate("/notes");

        assertThat(browser.signedInAs()).hasText(name);
        assertThat(page).hasURL(server.baseUrl() + "/notes");
        Assertions.assertThat(requests.gets("/login", CONDITIONAL)).as("the autofill request")
                .containsExactly("started", "resolved");
        Assertions.assertThat(requests.gets("/login", MODAL)).as("no modal request: the button was not used").isEmpty();
        Assertions.assertThat(session().path("amr").toString()).isEqualTo("[\"hwk\"]");
        Assertions.assertThat(passkeys().get(0).path("lastUsedAt").isNull()).isFalse();
        browser.assertNoCspViolations();
        browser.assertNoErrors();
    }

    @Test
    void after_the_password_a_passkey_is_the_second_step() {
        String name = "Radia Perlman";
        String email = browser.signUpThroughTheForm(name);
        var authenticator = VirtualAuthenticator.addTo(page, true);
        addPasskey("Security key");
        signOut();

        // Presence off on /login so its autofill request cannot sign in without the password.
        authenticator.presence(false);
        browser.link("Sign in").click();
        browser.submitSignInForm(email, CarafeServer.PASSWORD);
        assertThat(page).hasURL(server.baseUrl() + "/login/two-step?next=%2F");
        assertThat(browser.heading()).hasText("Two-step sign-in");
        assertThat(browser.signedInAs()).hasCount(0);
        assertThat(browser.field("Code")).hasCount(0);
        authenticator.presence(true);
        browser.button("Use a passkey").click();

        assertThat(browser.signedInAs()).hasText(name);
        assertThat(page).hasURL(server.baseUrl() + "/");
        Assertions.assertThat(requests.gets("/login/two-step", MODAL)).containsExactly("started", "resolved");
        Assertions.assertThat(requests.gets("/login", CONDITIONAL)).doesNotContain("resolved");
        Assertions.assertThat(session().path("amr").toString()).isEqualTo("[\"pwd\",\"hwk\"]");
        browser.assertNoCspViolations();
        browser.assertNoErrors();
    }

    @Test
    void a_passkey_confirms_it_is_you_on_reauthenticate_and_the_change_goes_through() {
        browser.signUpThroughTheForm("Barbara Liskov");
        VirtualAuthenticator.addTo(page, true);
        addPasskey("Laptop");

        server.clock.advance(Duration.ofMinutes(16));
        removeButton().click();
        assertThat(browser.heading()).hasText("Confirm it is you");
        assertThat(page).hasURL(server.baseUrl() + "/reauthenticate?next=%2Faccount");
        browser.button("Use a passkey").click();

        assertThat(page).hasURL(server.baseUrl() + "/account");
        Assertions.assertThat(requests.gets("/reauthenticate", MODAL)).containsExactly("started", "resolved");
        Assertions.assertThat(session().path("amr").toString()).contains("\"hwk\"");
        removeButton().click();
        assertThat(browser.flash()).hasText("Passkey removed: it no longer signs you in.");
        assertThat(page.getByTestId("passkey")).hasCount(0);
        Assertions.assertThat(passkeys()).isEmpty();
        browser.assertNoCspViolations();
        browser.assertNoErrors();
    }

    @Test
    void adding_a_passkey_after_the_sign_in_grew_old_goes_through_reauthenticate_first() {
        browser.signUpThroughTheForm("Frances Allen");
        VirtualAuthenticator.addTo(page, true);
        page.navigate("/account");
        server.clock.advance(Duration.ofMinutes(16));

        browser.field("Name for a new passkey").fill("Tablet");
        browser.button("Add a passkey").click();
        assertThat(page).hasURL(server.baseUrl() + "/reauthenticate?next=%2Faccount");
        assertThat(browser.button("Use a passkey")).hasCount(0); // none yet: the password it is
        browser.field("Password").fill(CarafeServer.PASSWORD);
        browser.button("Confirm").click();
        assertThat(page).hasURL(server.baseUrl() + "/account");
        addPasskey("Tablet");

        Assertions.assertThat(passkeys()).hasSize(1);
        Assertions.assertThat(requests.events()).noneMatch(e -> e.kind().equals("create") && !e.what().equals("started")
                && !e.what().equals("resolved"));
        // The options request answered 401 before the re-authentication, which Chromium logs as an error.
        browser.assertNoCspViolations();
    }

    @Test
    void a_passkey_the_site_no_longer_knows_is_refused_with_a_message_and_nobody_is_signed_in() {
        browser.signUpThroughTheForm("Edsger Dijkstra");
        var authenticator = VirtualAuthenticator.addTo(page, true);
        addPasskey("Old phone");
        long id = passkeys().get(0).path("id").asLong();
        var removed = browser.context().request().delete(server.baseUrl() + "/api/account/passkeys/" + id,
                com.microsoft.playwright.options.RequestOptions.create().setHeader("X-CSRF-Token", csrfToken()));
        Assertions.assertThat(removed.status()).isEqualTo(204);
        signOut();
        Assertions.assertThat(authenticator.credentials()).as("the device still holds it").hasSize(1);

        authenticator.presence(false);
        browser.link("Sign in").click();
        page.waitForCondition(() -> requests.started("/login", CONDITIONAL));
        authenticator.presence(true);
        browser.button("Sign in with a passkey").click();

        assertThat(page.getByRole(AriaRole.ALERT)).hasText(PasskeysApi.NOT_ACCEPTED);
        assertThat(page).hasURL(server.baseUrl() + "/login");
        assertThat(browser.signedInAs()).hasCount(0);
        Assertions.assertThat(requests.gets("/login", MODAL)).containsExactly("started", "resolved");
        Assertions.assertThat(browser.context().request().get(server.baseUrl() + "/api/auth/session").status()).isEqualTo(401);
        browser.assertNoCspViolations();
    }

    @Test
    void a_browser_told_not_to_ask_again_after_a_passkey_second_step_signs_in_with_the_password_alone() {
        String name = "Shafi Goldwasser";
        String email = browser.signUpThroughTheForm(name);
        var authenticator = VirtualAuthenticator.addTo(page, true);
        addPasskey("Phone");
        signOut();
        authenticator.presence(false);
        browser.link("Sign in").click();
        browser.submitSignInForm(email, CarafeServer.PASSWORD);
        browser.field("Don't ask again on this browser").check();
        authenticator.presence(true);
        browser.button("Use a passkey").click();
        assertThat(browser.signedInAs()).hasText(name);
        signOut();

        authenticator.presence(false);
        browser.signInThroughTheForm(email, CarafeServer.PASSWORD);

        assertThat(browser.signedInAs()).hasText(name);
        Assertions.assertThat(session().path("amr").toString()).isEqualTo("[\"pwd\"]");
        browser.assertNoErrors();
    }

    // ---- helpers ----

    /** On the account page's two-step section: names a new passkey and adds it, as a user does. */
    private void addPasskey(String name) {
        page.navigate("/account");
        browser.field("Name for a new passkey").fill(name);
        browser.button("Add a passkey").click();
        assertThat(page.getByTestId("passkey").getByLabel("Name of this passkey")).hasValue(name);
        Assertions.assertThat(requests.events()).anyMatch(e -> e.kind().equals("create") && e.what().equals("resolved"));
    }

    private Locator removeButton() {
        return page.getByTestId("passkey").getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Remove"));
    }

    /** Signs out from the home page (the account page has a "Sign out" per session too). */
    private void signOut() {
        page.navigate("/");
        browser.button("Sign out").click();
        assertThat(browser.flash()).hasText("You have been signed out.");
        assertThat(browser.signedInAs()).hasCount(0);
    }

    /** The session's CSRF token, as the pages carry it for their scripts. */
    private String csrfToken() {
        page.navigate("/account");
        return page.locator("[data-passkey-register-form]").getAttribute("data-csrf");
    }

    /** {@code GET /api/auth/session} with this browser's cookies. */
    private JsonNode session() {
        return get("/api/auth/session");
    }

    /** {@code GET /api/account/passkeys} with this browser's cookies. */
    private JsonNode passkeys() {
        return get("/api/account/passkeys");
    }

    private JsonNode get(String path) {
        var response = browser.context().request().get(server.baseUrl() + path);
        Assertions.assertThat(response.status()).as(path).isEqualTo(200);
        try {
            return JSON.readTree(response.text());
        } catch (Exception e) {
            throw new AssertionError(path + " is not JSON: " + response.text(), e);
        }
    }
}
