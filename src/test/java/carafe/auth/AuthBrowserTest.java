package carafe.auth;

import static carafe.support.CarafeServer.PASSWORD;
import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import carafe.support.BrowserPage;
import carafe.support.CarafeServer;
import com.microsoft.playwright.Page;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The ways in and out in a real (headless) Chromium, the one Debian packages: sign up, sign out, sign in,
 * with the real Content-Security-Policy in force. One browser per class, a fresh context (cookies) per test.
 */
class AuthBrowserTest {
    @RegisterExtension
    @Order(1)
    static final CarafeServer server = new CarafeServer();

    @RegisterExtension
    @Order(2)
    static final BrowserPage browser = new BrowserPage(server);

    private Page page;

    @BeforeEach
    void usePage() {
        page = browser.page();
    }

    @Test
    void sign_up_sign_out_and_sign_in_again_in_a_real_browser() {
        String name = "Ada Lovelace";
        String email = CarafeServer.uniqueEmail("browser");

        page.navigate("/");
        assertThat(page).hasTitle("Home · Carafe");
        assertThat(browser.signedInAs()).hasCount(0);

        // Sign up.
        browser.link("Create account").click();
        assertThat(page).hasURL(server.baseUrl() + "/register");
        browser.submitSignUpForm(name, email, PASSWORD);

        assertThat(page).hasURL(server.baseUrl() + "/");
        assertThat(browser.signedInAs()).hasText(name);
        assertThat(browser.flash()).hasText("Welcome to Carafe, " + name + ".");
        assertThat(browser.heading()).hasText("Hello, " + name);

        // Sign out.
        browser.button("Sign out").click();

        assertThat(browser.flash()).hasText("You have been signed out.");
        assertThat(browser.signedInAs()).hasCount(0);

        // Sign in.
        browser.link("Sign in").click();
        assertThat(page).hasURL(server.baseUrl() + "/login");
        browser.submitSignInForm(email, PASSWORD);

        assertThat(page).hasURL(server.baseUrl() + "/");
        assertThat(browser.signedInAs()).hasText(name);
        assertThat(browser.flash()).hasText("Welcome back, " + name + ".");

        // Sign out again: the header offers sign-in, the session is gone.
        browser.button("Sign out").click();

        assertThat(browser.flash()).hasText("You have been signed out.");
        assertThat(page.locator("header nav")).containsText("Sign in");
        assertThat(browser.link("Sign in")).isVisible();
        assertThat(browser.signedInAs()).hasCount(0);
        Assertions.assertThat(browser.context().cookies()).noneMatch(cookie -> cookie.name.equals("carafe_session"));

        browser.assertNoCspViolations();
    }

    @Test
    void errors_in_the_form_are_shown_and_the_stylesheet_applies_under_the_csp() {
        page.navigate("/register");
        browser.submitSignUpForm("Grace", "not-an-email", "short");

        assertThat(page.locator("#email-error")).hasText("Email must be an email address such as name@example.com.");
        assertThat(browser.field("Email")).hasValue("not-an-email");
        assertThat(browser.field("Name")).hasValue("Grace");
        assertThat(browser.field("Password")).hasValue("");
        assertThat(browser.field("Email")).hasAttribute("aria-invalid", "true");
        // The fingerprinted stylesheet loaded and applies (it would be blocked or missing otherwise).
        assertThat(page.locator(".site-header")).hasCSS("border-bottom-style", "solid");

        browser.assertNoCspViolations();
    }

    /** Shows that the console listener does see CSP violations, so the checks above mean something. */
    @Test
    void the_console_listener_sees_a_csp_violation() {
        page.navigate("/");
        page.evaluate("() => { const s = document.createElement('style'); s.textContent = 'body { color: red }';"
                + " document.head.appendChild(s); }");

        page.waitForCondition(() -> !browser.cspViolations().isEmpty());
        assertThat(page.locator("body")).not().hasCSS("color", "rgb(255, 0, 0)");
    }
}
