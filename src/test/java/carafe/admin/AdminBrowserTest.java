package carafe.admin;

import static carafe.db.schema.Tables.USERS;
import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import carafe.support.BrowserPage;
import carafe.support.CarafeServer;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
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

    private static final String PASSWORD = "a long passphrase 42";

    @Test
    void an_admin_signs_in_finds_a_user_and_deactivates_them() {
        String adminEmail = CarafeServer.uniqueEmail("browser-admin");
        var adminClient = server.client();
        Assertions.assertThat(adminClient.register(adminEmail, "Admiral", PASSWORD).status()).isEqualTo(201);
        server.db().update(USERS).set(USERS.ROLES, "user,admin").where(USERS.EMAIL.eq(adminEmail)).execute();
        String memberEmail = CarafeServer.uniqueEmail("browser-member");
        var member = server.client();
        Assertions.assertThat(member.register(memberEmail, "Marvin Member", PASSWORD).status()).isEqualTo(201);

        Page page = browser.page();
        page.navigate("/admin/users");
        assertThat(page).hasURL(server.baseUrl() + "/login?next=%2Fadmin%2Fusers");
        page.getByLabel("Email").fill(adminEmail);
        page.getByLabel("Password").fill(PASSWORD);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in")).click();
        assertThat(page).hasURL(server.baseUrl() + "/admin/users");

        page.getByRole(AriaRole.SEARCHBOX, new Page.GetByRoleOptions().setName("Search users")).fill("marvin");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Search")).click();
        var rows = page.locator("table.users tbody tr");
        assertThat(rows).hasCount(1);
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Marvin Member")).click();
        assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setLevel(1))).hasText("Marvin Member");

        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Deactivate")).click();

        assertThat(page.getByText("Account deactivated")).isVisible();
        assertThat(page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Activate"))).isVisible();
        Assertions.assertThat(browser.pageErrors()).isEmpty();
        Assertions.assertThat(browser.consoleErrors()).isEmpty();
        Assertions.assertThat(member.session().status()).isEqualTo(401);
        Assertions.assertThat(server.client().login(memberEmail, PASSWORD).status()).isEqualTo(401);
    }
}
