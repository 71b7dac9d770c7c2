package carafe.mfa;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import carafe.support.AuthenticatorApp;
import carafe.support.BrowserPage;
import carafe.support.CarafeServer;
import com.microsoft.playwright.Page;
import java.time.Duration;
import java.util.List;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two-step sign-in in a real (headless) Chromium under the real Content-Security-Policy (issue 15): turn
 * it on from the account page by typing the secret the page shows into an "app" (nothing is scanned),
 * sign out, and sign in through {@code /login} and {@code /login/two-step}. The server runs on the test
 * clock, and the app computes its codes at that clock, so the codes match.
 */
class TwoStepBrowserTest {
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
    void turn_on_two_step_sign_in_on_the_account_page_then_sign_in_through_both_steps() {
        String name = "Katherine Johnson";
        String email = browser.signUpThroughTheForm(name);
        browser.assertNoErrors();

        // The account page offers it.
        browser.link("Account").click();
        assertThat(browser.heading()).hasText("Your account");
        assertThat(page.getByTestId("two-step-status")).containsText("Off.");
        browser.assertNoErrors();

        // Enrolment: a QR code drawn inline, and the secret as text, which the "app" is given by hand.
        browser.button("Set up an authenticator app").click();
        assertThat(browser.heading()).hasText("Set up your authenticator app");
        assertThat(page.locator("svg.qr")).isVisible();
        var app = new AuthenticatorApp(page.getByTestId("totp-secret").textContent(), server.clock, List.of());
        browser.field("Code from the app").fill(app.code());
        browser.button("Turn on two-step sign-in").click();
        browser.assertNoErrors();

        // The recovery codes, shown once.
        assertThat(browser.heading()).hasText("Your recovery codes");
        assertThat(page.getByTestId("recovery-codes").locator("li")).hasCount(10);
        assertThat(browser.link("Download as text")).hasAttribute("download", "recovery-codes.txt");
        browser.link("I have saved them").click();
        assertThat(page.getByTestId("two-step-status")).containsText("On");
        browser.assertNoErrors();

        // Sign out.
        browser.button("Sign out").click();
        assertThat(browser.flash()).hasText("You have been signed out.");
        assertThat(browser.signedInAs()).hasCount(0);
        browser.assertNoErrors();

        // Sign in: the password, then the code the app shows a step later (the first code is used up).
        server.clock.advance(Duration.ofSeconds(30));
        browser.link("Sign in").click();
        browser.submitSignInForm(email, CarafeServer.PASSWORD);
        assertThat(page).hasURL(server.baseUrl() + "/login/two-step?next=%2F");
        assertThat(browser.heading()).hasText("Two-step sign-in");
        assertThat(browser.signedInAs()).hasCount(0);
        assertThat(browser.field("Code")).hasAttribute("autocomplete", "one-time-code");
        assertThat(browser.link("Lost your phone? Use a recovery code")).isVisible();
        browser.assertNoErrors();
        browser.field("Code").fill(app.code());
        browser.button("Continue").click();

        assertThat(page).hasURL(server.baseUrl() + "/");
        assertThat(browser.signedInAs()).hasText(name);
        assertThat(browser.flash()).hasText("Welcome back, " + name + ".");
        assertThat(browser.heading()).hasText("Hello, " + name);
        Assertions.assertThat(browser.context().cookies()).anyMatch(cookie -> cookie.name.equals("carafe_session"));
        browser.assertNoCspViolations();
        browser.assertNoErrors();
    }

    @Test
    void a_recovery_code_signs_in_when_the_phone_is_lost() {
        var member = server.signUp("browser-lost-phone", "Margaret Hamilton");
        var app = AuthenticatorApp.setUpFor(member, server.clock);

        page.navigate("/login");
        browser.submitSignInForm(member.email(), member.password());
        browser.link("Lost your phone? Use a recovery code").click();
        assertThat(browser.link("Use your authenticator app instead")).isVisible();
        browser.field("Recovery code").fill(app.recoveryCodes().getFirst());
        browser.button("Continue").click();

        assertThat(page).hasURL(server.baseUrl() + "/");
        assertThat(browser.signedInAs()).hasText("Margaret Hamilton");
        browser.link("Account").click();
        assertThat(page.getByTestId("recovery-codes-left")).hasText("9");
        browser.assertNoErrors();
    }

    @Test
    void a_browser_told_not_to_ask_again_signs_in_with_the_password_alone() {
        var member = server.signUp("browser-remember", "Dorothy Vaughan");
        var app = AuthenticatorApp.setUpFor(member, server.clock);

        page.navigate("/login");
        browser.submitSignInForm(member.email(), member.password());
        browser.field("Code").fill(app.code());
        browser.field("Don't ask again on this browser").check();
        browser.button("Continue").click();
        assertThat(browser.signedInAs()).hasText("Dorothy Vaughan");
        browser.link("Account").click();
        assertThat(page.getByTestId("remembered-device")).hasCount(1);
        page.navigate("/"); // the account page has a "Sign out" per session too
        browser.button("Sign out").click();
        assertThat(browser.signedInAs()).hasCount(0);

        browser.signInThroughTheForm(member.email(), member.password());

        assertThat(browser.signedInAs()).hasText("Dorothy Vaughan");
        browser.assertNoErrors();
    }

    @Test
    void confirming_the_app_after_the_sign_in_grew_old_goes_through_reauthenticate_and_back_to_the_same_secret() {
        browser.signUpThroughTheForm("Mary Jackson");
        page.navigate("/account");
        browser.button("Set up an authenticator app").click();
        String secret = page.getByTestId("totp-secret").textContent();
        var app = new AuthenticatorApp(secret, server.clock, List.of());

        server.clock.advance(Duration.ofMinutes(16));
        browser.field("Code from the app").fill(app.code());
        browser.button("Turn on two-step sign-in").click();
        assertThat(browser.heading()).hasText("Confirm it is you");
        browser.field("Password").fill(CarafeServer.PASSWORD);
        browser.button("Confirm").click();

        assertThat(browser.heading()).hasText("Set up your authenticator app");
        assertThat(page.getByTestId("totp-secret")).hasText(secret);
        browser.field("Code from the app").fill(app.code());
        browser.button("Turn on two-step sign-in").click();
        assertThat(browser.heading()).hasText("Your recovery codes");
        browser.assertNoErrors();
    }
}
