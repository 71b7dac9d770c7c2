package carafe.account;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import carafe.support.BrowserPage;
import carafe.support.CarafeServer;
import carafe.support.MailServer;
import carafe.support.Mails;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
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

    private static final String PASSWORD = "a long passphrase 42";
    private static final String NEW_PASSWORD = "a brand new passphrase 7";

    private Page page;

    @BeforeEach
    void usePage() {
        page = browser.page();
    }

    @Test
    void forgot_password_then_the_mailed_link_then_sign_in_with_the_new_password() {
        String email = CarafeServer.uniqueEmail("browser-reset");
        Assertions.assertThat(server.client().register(email, "Forgetful", PASSWORD).status()).isEqualTo(201);
        mail.awaitOne(email); // the confirmation mail

        page.navigate("/login");
        link("Forgot your password?").click();
        assertThat(page).hasURL(server.baseUrl() + "/forgot");
        page.getByLabel("Email").fill(email);
        button("Send the link").click();
        assertThat(page.getByTestId("forgot-sent")).containsText(email);

        String resetPath = Mails.linkPath(mail.await(email, 2).get(1), "/reset/");
        page.navigate(resetPath);
        assertThat(heading()).hasText("Choose a new password");
        page.getByLabel("New password").fill(NEW_PASSWORD);
        button("Set new password").click();

        assertThat(page).hasURL(server.baseUrl() + "/login");
        assertThat(page.locator(".flash")).containsText("Your password has been changed.");
        page.getByLabel("Email").fill(email);
        page.getByLabel("Password").fill(NEW_PASSWORD);
        button("Sign in").click();
        assertThat(page).hasURL(server.baseUrl() + "/");
        assertThat(page.getByTestId("signed-in-as")).hasText("Forgetful");

        page.navigate(resetPath);
        assertThat(page.locator("main")).containsText("has already been used or has expired");
        assertNoCspViolations();
    }

    @Test
    void change_the_password_on_the_account_page_and_see_it_in_the_security_events() {
        String email = CarafeServer.uniqueEmail("browser-account");
        Assertions.assertThat(server.client().register(email, "Careful", PASSWORD).status()).isEqualTo(201);
        page.navigate("/login");
        page.getByLabel("Email").fill(email);
        page.getByLabel("Password").fill(PASSWORD);
        button("Sign in").click();

        link("Account").click();
        assertThat(heading()).hasText("Your account");
        assertThat(page.getByTestId("session")).hasCount(2);
        page.getByLabel("Current password").nth(1).fill(PASSWORD);
        page.getByLabel("New password").fill(NEW_PASSWORD);
        button("Change password").click();

        assertThat(page.locator(".flash-success")).containsText("Password changed.");
        assertThat(page.getByTestId("session")).hasCount(1);
        assertThat(page.getByTestId("event").first()).containsText("password changed");
        Assertions.assertThat(server.client().login(email, NEW_PASSWORD).status()).isEqualTo(200);
        assertNoCspViolations();
    }

    /** The used link answers 400, which the console reports; only a CSP violation is a failure here. */
    private void assertNoCspViolations() {
        Assertions.assertThat(browser.consoleErrors()).as("console errors")
                .noneMatch(text -> text.contains("Content Security Policy") || text.contains("Content-Security-Policy"));
    }

    private Locator link(String name) {
        return page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName(name).setExact(true));
    }

    private Locator button(String name) {
        return page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName(name).setExact(true));
    }

    private Locator heading() {
        return page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setLevel(1));
    }
}
