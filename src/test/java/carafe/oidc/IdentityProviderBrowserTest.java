package carafe.oidc;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import carafe.support.AuthenticatorApp;
import carafe.support.BrowserPage;
import carafe.support.CarafeServer;
import carafe.support.Json;
import carafe.support.OpenIdProvider;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Route;
import com.microsoft.playwright.options.AriaRole;
import java.time.Duration;
import java.util.regex.Pattern;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Signing in with an OpenID provider in a real (headless) Chromium under the real Content-Security-Policy:
 * the browser goes to the provider's own sign-in page ({@link OpenIdProvider#interactive()}), the test
 * types a username and claims there as a person would, and the provider sends the browser back to
 * Carafe's callback. From {@code /login} to the page asked for; an account with a password told to link
 * first, linking on the account page, signing in with it, unlinking; the second step of an account with
 * an authenticator app; and confirming it is you on {@code /reauthenticate}.
 *
 * <p>Carafe runs at {@code http://localhost:PORT} and the provider at {@code 127.0.0.1}, so they are two
 * sites, as a real provider is: the way back is a cross-site navigation, which carries Carafe's cookies
 * only as far as their SameSite allows (Strict would lose the sign-in on the way back), and the "Link" and
 * "Confirm with" forms, answered with a redirect to the provider, meet the form-action of Carafe's
 * Content-Security-Policy, which browsers apply to a form's redirects too.
 */
class IdentityProviderBrowserTest {
    @RegisterExtension
    @Order(1)
    static final OpenIdProvider idp = OpenIdProvider.interactive();

    @RegisterExtension
    @Order(2)
    static final CarafeServer server = new CarafeServer().onLocalhost().withIdentityProvider("test", idp.issuer());

    @RegisterExtension
    @Order(3)
    static final BrowserPage browser = new BrowserPage(server);

    private Page page;

    @BeforeEach
    void usePage() {
        page = browser.page();
        // The provider's page asks Google for a font, which this machine cannot reach; an empty stylesheet
        // keeps that failed load out of the console errors, which are the pages' own.
        browser.context().route("**/fonts.googleapis.com/**", route -> route.fulfill(new Route.FulfillOptions()
                .setStatus(200).setContentType("text/css").setBody("")));
    }

    /** A subject no other test signs in as. */
    private static String subject(String who) {
        return who + "-" + System.nanoTime();
    }

    /**
     * On the provider's own page (its address, not Carafe's), signs in there as {@code subject}, typing
     * the claims as JSON; the provider then sends the browser back to Carafe.
     */
    private void signInAtTheProvider(String subject, String email, String name) {
        assertThat(page).hasURL(startsWith(idp.authorizationEndpoint() + "?"));
        assertThat(page.getByText("Mock OAuth2 Server Sign-in")).isVisible();
        page.getByPlaceholder("Enter any user/subject").fill(subject);
        // auth_time on Carafe's (test) clock: when confirming it is you, the provider must say it asked just now.
        page.locator("textarea[name=claims]").fill(Json.object("email", email, "email_verified", true, "name", name,
                "auth_time", server.clock.instant().getEpochSecond()));
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign-in").setExact(true)).click();
    }

    /** A pattern Playwright can hand to the page (a JavaScript regex: no \Q...\E): addresses beginning with this. */
    private static Pattern startsWith(String prefix) {
        return Pattern.compile("^" + prefix.replaceAll("[.?*+^$|()\\[\\]{}\\\\]", "\\\\$0"));
    }

    /** From /login (where the browser is), with the provider's button, through its page. */
    private void signInWithTheProvider(String subject, String email, String name) {
        assertThat(browser.heading()).hasText("Sign in");
        browser.button("Sign in with Test test").click();
        signInAtTheProvider(subject, email, name);
    }

    /** When the session cookie expires, in seconds since the epoch; -1 for a cookie that ends with the browser. */
    private double sessionCookieExpiry() {
        return page.context().cookies().stream().filter(c -> c.name.equals("carafe_session")).findFirst()
                .orElseThrow(() -> new AssertionError("no session cookie")).expires;
    }

    private void signOut() {
        page.navigate("/"); // the account page has a "Sign out" per session too
        browser.button("Sign out").click();
        assertThat(browser.signedInAs()).hasCount(0);
    }

    @Test
    void a_guarded_page_sends_to_login_whose_provider_button_signs_in_at_the_provider_and_comes_back_to_that_page() {
        String email = CarafeServer.uniqueEmail("oidc-browser-new");

        page.navigate("/notes");
        assertThat(page).hasURL(server.baseUrl() + "/login?next=%2Fnotes");
        browser.assertNoErrors();
        browser.field("Keep me signed in on this device").check();
        signInWithTheProvider(subject("new"), email, "Ida Provider");

        assertThat(page).hasURL(server.baseUrl() + "/notes");
        Assertions.assertThat(sessionCookieExpiry()).as("kept signed in: a cookie that outlives the browser").isPositive();
        assertThat(browser.heading()).hasText("Notes");
        assertThat(browser.signedInAs()).hasText("Ida Provider");
        assertThat(browser.flash()).hasText("Welcome, Ida Provider.");
        assertThat(browser.button("Sign out")).isVisible();
        // The account the provider made: its address, and the provider listed as a way in.
        browser.link("Account").click();
        assertThat(page.getByTestId("identity")).hasCount(1);
        assertThat(page.getByTestId("identity")).containsText("Test test");
        assertThat(page.getByTestId("identity")).containsText(email);
        browser.assertNoCspViolations();
        browser.assertNoErrors();
    }

    @Test
    void an_account_with_a_password_is_told_to_link_then_links_signs_in_with_the_provider_and_unlinks() {
        String name = "Grace Linker";
        var member = server.signUp("oidc-browser-link", name);
        String subject = subject("link");

        // Signed out, the provider's address matches an account it is not linked to: a page says what to do.
        page.navigate("/login");
        signInWithTheProvider(subject, member.email(), name);
        assertThat(browser.heading()).hasText("Sign-in did not work");
        assertThat(page.getByTestId("oidc-refused")).containsText("An account with the address " + member.email()
                + " exists already. Sign in to it (with its password or passkey), then link your Test test account"
                + " from your account page.");
        assertThat(browser.signedInAs()).hasCount(0);
        browser.assertNoCspViolations(); // the page answers 409, which the console reports

        // Signed in with the password, the account page links it.
        browser.link("Back to sign in").click();
        browser.submitSignInForm(member.email(), member.password());
        assertThat(browser.signedInAs()).hasText(name);
        browser.link("Account").click();
        assertThat(page.locator("#identities")).containsText("No account of an identity provider is linked to yours.");
        browser.button("Link Test test").click();
        signInAtTheProvider(subject, member.email(), name);

        assertThat(page).hasURL(server.baseUrl() + "/account#identities");
        assertThat(browser.flash()).hasText("Your Test test account is linked: it can sign you in.");
        assertThat(page.getByTestId("identity")).hasCount(1);
        assertThat(page.getByTestId("identity")).containsText("Test test");
        assertThat(browser.button("Link Test test")).hasCount(0);

        // It now signs in to this account.
        signOut();
        browser.link("Sign in").click();
        signInWithTheProvider(subject, member.email(), name);
        assertThat(page).hasURL(server.baseUrl() + "/");
        assertThat(browser.signedInAs()).hasText(name);
        Assertions.assertThat(sessionCookieExpiry()).as("not asked to be kept signed in: ends with the browser").isEqualTo(-1);

        // Unlinked, it is gone from the page and offered again.
        browser.link("Account").click();
        browser.button("Unlink Test test").click(); // named for its provider, as several may be listed
        assertThat(page).hasURL(server.baseUrl() + "/account#identities");
        assertThat(browser.flash()).hasText("Unlinked: that account no longer signs you in.");
        assertThat(page.getByTestId("identity")).hasCount(0);
        assertThat(browser.button("Link Test test")).isVisible();
        browser.assertNoCspViolations();
    }

    @Test
    void an_account_with_an_authenticator_app_gets_the_second_step_after_the_provider() {
        String name = "Katherine Twostep";
        var member = server.signUp("oidc-browser-two-step", name);
        var app = AuthenticatorApp.setUpFor(member, server.clock);
        String subject = subject("two-step");
        page.navigate("/login");
        browser.submitSignInForm(member.email(), member.password());
        browser.field("Code").fill(app.code());
        browser.button("Continue").click();
        assertThat(browser.signedInAs()).hasText(name);
        browser.link("Account").click();
        browser.button("Link Test test").click();
        signInAtTheProvider(subject, member.email(), name);
        assertThat(page.getByTestId("identity")).hasCount(1);
        signOut();

        server.clock.advance(Duration.ofSeconds(30)); // the first code is used up
        page.navigate("/login?next=%2Fnotes");
        signInWithTheProvider(subject, member.email(), name);

        assertThat(page).hasURL(server.baseUrl() + "/login/two-step?next=%2Fnotes");
        assertThat(browser.heading()).hasText("Two-step sign-in");
        assertThat(browser.signedInAs()).hasCount(0); // the provider alone opens nothing
        browser.field("Code").fill(app.code());
        browser.button("Continue").click();

        assertThat(page).hasURL(server.baseUrl() + "/notes");
        assertThat(browser.signedInAs()).hasText(name);
        var session = browser.context().request().get(server.baseUrl() + "/api/auth/session");
        Assertions.assertThat(session.text()).contains("\"amr\":[\"oidc\",\"otp\"]");
        browser.assertNoCspViolations();
        browser.assertNoErrors();
    }

    @Test
    void after_the_sign_in_grew_old_a_new_token_goes_through_reauthenticate_and_the_provider_and_then_is_made() {
        String subject = subject("reauth");
        String email = CarafeServer.uniqueEmail("oidc-browser-reauth");
        page.navigate("/login");
        signInWithTheProvider(subject, email, "Mary Confirm");
        assertThat(browser.signedInAs()).hasText("Mary Confirm");
        browser.link("Account").click();

        server.clock.advance(Duration.ofMinutes(16));
        browser.field("Token name").fill("laptop script");
        browser.button("Create token").click();

        assertThat(page).hasURL(server.baseUrl() + "/reauthenticate?next=%2Faccount");
        assertThat(browser.heading()).hasText("Confirm it is you");
        assertThat(browser.field("Password")).hasCount(0); // an account the provider made has no password
        browser.button("Confirm with Test test").click();
        signInAtTheProvider(subject, email, "Mary Confirm");

        assertThat(page).hasURL(server.baseUrl() + "/account");
        assertThat(browser.heading()).hasText("Your account");
        browser.field("Token name").fill("laptop script");
        browser.button("Create token").click();
        assertThat(page.getByTestId("new-token")).containsText("carafe_");
        browser.assertNoCspViolations();
        browser.assertNoErrors();
    }
}
