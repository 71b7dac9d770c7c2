package carafe.admin;

import static carafe.db.schema.Tables.USERS;
import static carafe.support.Html.form;
import static carafe.support.CarafeServer.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

import carafe.support.CarafeServer;
import carafe.support.Client;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The admin pages over real HTTP, as a browser without JavaScript uses them. */
class AdminPagesTest {
    @RegisterExtension
    static final CarafeServer server = new CarafeServer();

    private static String flash(Client client, String location) {
        return client.get(location, "Accept", "text/html").body();
    }

    @Test
    void a_non_admin_gets_a_403_page_on_every_admin_page_and_anonymous_goes_to_sign_in() {
        var member = server.signUp("curious");
        var target = server.signUp("someone");
        for (String path : List.of("/admin/users", "/admin/users/" + target.id(), "/admin/users/" + target.id() + "/delete")) {
            var page = member.client().get(path, "Accept", "text/html");
            assertThat(page.status()).as(path).isEqualTo(403);
            assertThat(page.contentType()).startsWith("text/html");
            assertThat(page.body()).contains("Only an administrator can do this.");
            var anonymous = server.client().get(path, "Accept", "text/html");
            assertThat(anonymous.status()).isEqualTo(303);
            assertThat(anonymous.header("Location")).startsWith("/login?next=");
        }
        for (String path : List.of("/admin/users/" + target.id() + "/roles", "/admin/users/" + target.id() + "/active",
                "/admin/users/" + target.id() + "/delete")) {
            var post = member.client().postForm(path, form("_csrf", member.client().csrfToken(), "active", "false",
                    "admin", "on"), "Accept", "text/html");
            assertThat(post.status()).as(path).isEqualTo(403);
        }
        assertThat(target.client().session().status()).isEqualTo(200);
        assertThat(server.db().fetchOne(USERS, USERS.ID.eq(target.id())).getRoles()).isEqualTo("user");
    }

    @Test
    void an_admin_finds_a_user_and_sees_their_details() {
        var admin = server.signUpAdmin("lister");
        var member = server.signUp("Findable" + System.nanoTime());

        var list = admin.client().get("/admin/users?q=" + member.email().toUpperCase(), "Accept", "text/html");

        assertThat(list.status()).isEqualTo(200);
        String stored = member.email().toLowerCase(java.util.Locale.ROOT); // addresses are kept in lower case
        assertThat(list.body()).contains(stored).contains("/admin/users/" + member.id())
                .doesNotContain("/admin/users/" + admin.id() + "\"");
        var detail = admin.client().get("/admin/users/" + member.id(), "Accept", "text/html");
        assertThat(detail.status()).isEqualTo(200);
        assertThat(detail.body()).contains(stored).contains("Live sessions").contains("registered");
        assertThat(admin.client().get("/admin/users/999999999", "Accept", "text/html").status()).isEqualTo(404);
    }

    @Test
    void an_admin_deactivates_promotes_and_deletes_with_post_redirect_get() {
        var admin = server.signUpAdmin("operator");
        var member = server.signUp("subject");
        String csrf = admin.client().csrfToken();

        var deactivated = admin.client().postForm("/admin/users/" + member.id() + "/active",
                form("_csrf", csrf, "active", "false"), "Accept", "text/html");
        assertThat(deactivated.status()).isEqualTo(303);
        assertThat(deactivated.header("Location")).isEqualTo("/admin/users/" + member.id());
        assertThat(flash(admin.client(), deactivated.header("Location"))).contains("Account deactivated");
        assertThat(member.client().session().status()).isEqualTo(401);
        assertThat(server.client().login(member.email(), PASSWORD).status()).isEqualTo(401);

        var promoted = admin.client().postForm("/admin/users/" + member.id() + "/roles",
                form("_csrf", csrf, "admin", "on"), "Accept", "text/html");
        assertThat(promoted.status()).isEqualTo(303);
        assertThat(server.db().fetchOne(USERS, USERS.ID.eq(member.id())).getRoles()).isEqualTo("user,admin");

        var withoutCsrf = admin.client().postForm("/admin/users/" + member.id() + "/delete", form(), "Accept", "text/html");
        assertThat(withoutCsrf.status()).isEqualTo(403);
        var confirm = admin.client().get("/admin/users/" + member.id() + "/delete", "Accept", "text/html");
        assertThat(confirm.body()).contains("Delete this user?");
        var deleted = admin.client().postForm("/admin/users/" + member.id() + "/delete", form("_csrf", csrf),
                "Accept", "text/html");
        assertThat(deleted.status()).isEqualTo(303);
        assertThat(deleted.header("Location")).isEqualTo("/admin/users");
        assertThat(server.db().fetchCount(USERS, USERS.ID.eq(member.id()))).isZero();
    }

    @Test
    void the_last_admin_cannot_demote_themselves_and_is_told_why() {
        var last = server.signUpAdmin("alone");
        server.db().update(USERS).set(USERS.ROLES, "user")
                .where(USERS.ID.ne(last.id()), USERS.ROLES.contains("admin")).execute();

        var refused = last.client().postForm("/admin/users/" + last.id() + "/roles",
                form("_csrf", last.client().csrfToken()), "Accept", "text/html");

        assertThat(refused.status()).isEqualTo(303);
        assertThat(flash(last.client(), refused.header("Location"))).contains("You are the last active administrator");
        assertThat(server.db().fetchOne(USERS, USERS.ID.eq(last.id())).getRoles()).isEqualTo("user,admin");
    }
}
