package carafe.pages;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import carafe.support.BrowserPage;
import carafe.support.CarafeServer;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The pages in a real (headless) Chromium, the one Debian packages: sign up, sign out, sign in, with
 * the real Content-Security-Policy in force. One browser per class, a fresh context (cookies) per test.
 */
class BrowserTest {
    @RegisterExtension
    @Order(1)
    static final CarafeServer server = new CarafeServer();

    @RegisterExtension
    @Order(2)
    static final BrowserPage browser = new BrowserPage(server);

    private static final String PASSWORD = "a long passphrase 42";

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
        assertThat(page.getByTestId("signed-in-as")).hasCount(0);

        // Sign up.
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Create account").setExact(true)).click();
        assertThat(page).hasURL(server.baseUrl() + "/register");
        page.getByLabel("Name").fill(name);
        page.getByLabel("Email").fill(email);
        page.getByLabel("Password").fill(PASSWORD);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Create account").setExact(true)).click();

        assertThat(page).hasURL(server.baseUrl() + "/");
        assertThat(page.getByTestId("signed-in-as")).hasText(name);
        assertThat(page.getByRole(AriaRole.STATUS)).hasText("Welcome to Carafe, " + name + ".");
        assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setLevel(1))).hasText("Hello, " + name);

        // Sign out.
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign out")).click();

        assertThat(page.getByRole(AriaRole.STATUS)).hasText("You have been signed out.");
        assertThat(page.getByTestId("signed-in-as")).hasCount(0);

        // Sign in.
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Sign in").setExact(true)).click();
        assertThat(page).hasURL(server.baseUrl() + "/login");
        page.getByLabel("Email").fill(email);
        page.getByLabel("Password").fill(PASSWORD);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in").setExact(true)).click();

        assertThat(page).hasURL(server.baseUrl() + "/");
        assertThat(page.getByTestId("signed-in-as")).hasText(name);
        assertThat(page.getByRole(AriaRole.STATUS)).hasText("Welcome back, " + name + ".");

        // Sign out again: the header offers sign-in, the session is gone.
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign out")).click();

        assertThat(page.getByRole(AriaRole.STATUS)).hasText("You have been signed out.");
        assertThat(page.locator("header nav")).containsText("Sign in");
        assertThat(page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Sign in").setExact(true)))
                .isVisible();
        assertThat(page.getByTestId("signed-in-as")).hasCount(0);
        Assertions.assertThat(browser.context().cookies()).noneMatch(cookie -> cookie.name.equals("carafe_session"));

        assertNoCspViolations();
    }

    @Test
    void errors_in_the_form_are_shown_and_the_stylesheet_applies_under_the_csp() {
        page.navigate("/register");
        page.getByLabel("Name").fill("Grace");
        page.getByLabel("Email").fill("not-an-email");
        page.getByLabel("Password").fill("short");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Create account").setExact(true)).click();

        assertThat(page.locator("#email-error")).hasText("Email must be an email address such as name@example.com.");
        assertThat(page.getByLabel("Email")).hasValue("not-an-email");
        assertThat(page.getByLabel("Name")).hasValue("Grace");
        assertThat(page.getByLabel("Password")).hasValue("");
        assertThat(page.getByLabel("Email")).hasAttribute("aria-invalid", "true");
        // The fingerprinted stylesheet loaded and applies (it would be blocked or missing otherwise).
        assertThat(page.locator(".site-header")).hasCSS("border-bottom-style", "solid");

        assertNoCspViolations();
    }

    /** Shows that the console listener does see CSP violations, so the checks above mean something. */
    @Test
    void the_console_listener_sees_a_csp_violation() {
        page.navigate("/");
        page.evaluate("() => { const s = document.createElement('style'); s.textContent = 'body { color: red }';"
                + " document.head.appendChild(s); }");

        page.waitForCondition(() -> browser.consoleErrors().stream().anyMatch(BrowserTest::isCspViolation));
        assertThat(page.locator("body")).not().hasCSS("color", "rgb(255, 0, 0)");
    }

    private void assertNoCspViolations() {
        Assertions.assertThat(browser.consoleErrors()).as("console errors").noneMatch(BrowserTest::isCspViolation);
        Assertions.assertThat(browser.pageErrors()).as("uncaught page errors").isEmpty();
    }

    private static boolean isCspViolation(String text) {
        return text.contains("Content Security Policy") || text.contains("Content-Security-Policy");
    }
}
