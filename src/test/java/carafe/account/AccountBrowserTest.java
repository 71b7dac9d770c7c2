package carafe.account;

import static carafe.support.CarafeServer.PASSWORD;
import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import carafe.support.BrowserPage;
import carafe.support.CarafeServer;
import carafe.support.MailServer;
import carafe.support.Mails;
import com.microsoft.playwright.Page;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Account recovery and the account page in a real (headless) Chromium, with the mail read from a real
 * SMTP server: forgot password → the mail → reset → sign in with the new password.
 */
class AccountBrowserTest {
    @RegisterExtension
    @Order(1)
    static final MailServer mail = new MailServer();

    @RegisterExtension
    @Order(2)
    static final CarafeServer server = new CarafeServer().with("CARAFE_SMTP_URL", mail.smtpUrl());

    @RegisterExtension
    @Order(3)
    static final BrowserPage browser = new BrowserPage(server);

    private static final String NEW_PASSWORD = "a brand new passphrase 7";

    private Page page;

    @BeforeEach
    void usePage() {
        page = browser.page();
    }

    @Test
    void forgot_password_then_the_mailed_link_then_sign_in_with_the_new_password() {
        String email = server.signUp("browser-reset", "Forgetful").email();
        mail.awaitOne(email); // the confirmation mail

        page.navigate("/login");
        browser.link("Forgot your password?").click();
        assertThat(page).hasURL(server.baseUrl() + "/forgot");
        browser.field("Email").fill(email);
        browser.button("Send the link").click();
        assertThat(page.getByTestId("forgot-sent")).containsText(email);

        String resetPath = Mails.linkPath(mail.await(email, 2).get(1), "/reset/");
        page.navigate(resetPath);
        assertThat(browser.heading()).hasText("Choose a new password");
        browser.field("New password").fill(NEW_PASSWORD);
        browser.button("Set new password").click();

        assertThat(page).hasURL(server.baseUrl() + "/login");
        assertThat(page.locator(".flash")).containsText("Your password has been changed.");
        browser.submitSignInForm(email, NEW_PASSWORD);
        assertThat(page).hasURL(server.baseUrl() + "/");
        assertThat(browser.signedInAs()).hasText("Forgetful");

        // The used link answers 400, which the console reports: only a CSP violation would be a failure.
        page.navigate(resetPath);
        assertThat(page.locator("main")).containsText("has already been used or has expired");
        browser.assertNoCspViolations();
    }

    @Test
    void change_the_password_on_the_account_page_and_see_it_in_the_security_events() {
        var member = server.signUp("browser-account");
        browser.signInThroughTheForm(member.email(), PASSWORD);

        browser.link("Account").click();
        assertThat(browser.heading()).hasText("Your account");
        assertThat(page.getByTestId("session")).hasCount(2);
        browser.field("Current password").nth(1).fill(PASSWORD);
        browser.field("New password").fill(NEW_PASSWORD);
        browser.button("Change password").click();

        assertThat(page.locator(".flash-success")).containsText("Password changed.");
        assertThat(page.getByTestId("session")).hasCount(1);
        assertThat(page.getByTestId("event").first()).containsText("password changed");
        Assertions.assertThat(server.client().login(member.email(), NEW_PASSWORD).status()).isEqualTo(200);
        browser.assertNoCspViolations();
    }
}
