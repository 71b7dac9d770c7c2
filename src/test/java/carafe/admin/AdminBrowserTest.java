package carafe.admin;

import static carafe.support.CarafeServer.PASSWORD;
import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import carafe.support.BrowserPage;
import carafe.support.CarafeServer;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The admin pages in a real (headless) Chromium with the real Content-Security-Policy: an administrator
 * signs in, finds a user and deactivates them; the user's own session ends at once.
 */
class AdminBrowserTest {
    @RegisterExtension
    @Order(1)
    static final CarafeServer server = new CarafeServer();

    @RegisterExtension
    @Order(2)
    static final BrowserPage browser = new BrowserPage(server);

    @Test
    void an_admin_signs_in_finds_a_user_and_deactivates_them() {
        var admin = server.signUpAdmin("browser-admin");
        var member = server.signUp("browser-member", "Marvin Member");

        var page = browser.page();
        page.navigate("/admin/users");
        assertThat(page).hasURL(server.baseUrl() + "/login?next=%2Fadmin%2Fusers");
        browser.submitSignInForm(admin.email(), PASSWORD);
        assertThat(page).hasURL(server.baseUrl() + "/admin/users");

        browser.searchBox("Search users").fill("marvin");
        browser.button("Search").click();
        var rows = page.locator("table.users tbody tr");
        assertThat(rows).hasCount(1);
        browser.link("Marvin Member").click();
        assertThat(browser.heading()).hasText("Marvin Member");

        browser.button("Deactivate").click();

        assertThat(page.getByText("Account deactivated")).isVisible();
        assertThat(browser.button("Activate")).isVisible();
        browser.assertNoErrors();
        Assertions.assertThat(member.client().session().status()).isEqualTo(401);
        Assertions.assertThat(server.client().login(member.email(), PASSWORD).status()).isEqualTo(401);
    }
}
