package carafe.admin;

import static carafe.db.schema.Tables.API_TOKENS;
import static carafe.db.schema.Tables.AUDIT_EVENTS;
import static carafe.db.schema.Tables.NOTES;
import static carafe.db.schema.Tables.USERS;
import static carafe.support.CarafeServer.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

import carafe.support.CarafeServer;
import carafe.support.Json;
import carafe.support.Member;
import carafe.support.Response;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The admin API over real HTTP: only administrators get in, and what they change takes effect at once. */
class AdminApiTest {
    @RegisterExtension
    static final CarafeServer server = new CarafeServer();

    private static Response patch(Member admin, long id, String json) {
        return admin.client().patchJson("/api/admin/users/" + id, json);
    }

    private static String token(Member member) {
        var created = member.client().postJson("/api/account/tokens", Json.object("name", "script"));
        assertThat(created.status()).isEqualTo(201);
        return created.json().path("token").asText();
    }

    @Test
    void a_signed_in_non_admin_gets_403_on_every_admin_route_and_anonymous_gets_401() {
        var member = server.signUp("plain");
        var target = server.signUp("target");
        var plainToken = token(member);
        var calls = List.of(
                new String[] {"GET", "/api/admin/users"},
                new String[] {"GET", "/api/admin/users/" + target.id()},
                new String[] {"PATCH", "/api/admin/users/" + target.id()},
                new String[] {"DELETE", "/api/admin/users/" + target.id()},
                new String[] {"GET", "/api/admin/audit"});
        for (String[] call : calls) {
            String body = call[0].equals("PATCH") ? "{\"active\":false}" : null;
            String type = body == null ? null : "application/json";
            var bySession = member.client().send(call[0], call[1], type, body, "X-CSRF-Token", member.client().csrfToken());
            assertThat(bySession.status()).as(call[0] + " " + call[1]).isEqualTo(403);
            assertThat(bySession.contentType()).isEqualTo("application/problem+json");
            var byToken = server.client().send(call[0], call[1], type, body, "Authorization", "Bearer " + plainToken);
            assertThat(byToken.status()).as(call[0] + " " + call[1] + " by token").isEqualTo(403);
            assertThat(server.client().send(call[0], call[1], type, body).status()).isEqualTo(401);
        }
        assertThat(target.client().session().status()).isEqualTo(200);
    }

    @Test
    void an_admin_searches_users_by_email_or_name_in_any_case_and_pages_through_them() {
        var admin = server.signUpAdmin("boss");
        String marker = "Zebra" + System.nanoTime();
        var found = new ArrayList<Long>();
        for (int i = 0; i < 5; i++) found.add(server.signUp(marker + i).id());

        var first = admin.client().get("/api/admin/users?limit=2&q=" + marker.toLowerCase());
        assertThat(first.status()).isEqualTo(200);
        var ids = new ArrayList<Long>();
        first.json().path("items").forEach(item -> ids.add(item.path("id").asLong()));
        String cursor = first.json().path("nextCursor").asText();
        while (cursor != null && !cursor.isEmpty() && !cursor.equals("null")) {
            var next = admin.client().get("/api/admin/users?limit=2&q=" + marker.toUpperCase() + "&cursor=" + cursor);
            assertThat(next.status()).isEqualTo(200);
            next.json().path("items").forEach(item -> ids.add(item.path("id").asLong()));
            cursor = next.json().path("nextCursor").isNull() ? null : next.json().path("nextCursor").asText();
        }
        assertThat(ids).containsExactlyElementsOf(found.reversed());

        var byEmail = admin.client().get("/api/admin/users?q=" + admin.email().toUpperCase());
        assertThat(byEmail.json().path("items")).hasSize(1);
        assertThat(byEmail.json().path("items").get(0).path("roles").toString()).contains("admin");
        assertThat(byEmail.json().path("items").get(0).has("passwordHash")).isFalse();
    }

    private static java.util.Set<String> fields(com.fasterxml.jackson.databind.JsonNode node) {
        var names = new java.util.TreeSet<String>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void answers_carry_exactly_the_documented_fields_and_never_a_password_hash() {
        var admin = server.signUpAdmin("documented");
        var user = List.of("active", "createdAt", "email", "emailConfirmedAt", "id", "lastLoginAt", "loginCount", "name", "roles");

        var page = admin.client().get("/api/admin/users?limit=1");
        assertThat(fields(page.json())).containsExactly("items", "nextCursor");
        assertThat(fields(page.json().path("items").get(0))).containsExactlyElementsOf(user);
        var detail = admin.client().get("/api/admin/users/" + admin.id()).json();
        var withSessions = new java.util.TreeSet<>(user);
        withSessions.add("activeSessions");
        withSessions.add("secondFactor");
        assertThat(fields(detail)).containsExactlyElementsOf(withSessions);
        assertThat(detail.path("activeSessions").asLong()).isEqualTo(1);
        var audit = admin.client().get("/api/admin/audit?limit=1").json();
        assertThat(fields(audit.path("items").get(0)))
                .containsExactly("actorId", "createdAt", "detail", "id", "ip", "type", "userAgent", "userId");
        assertThat(admin.client().get("/", "Accept", "text/html").body()).contains("href=\"/admin/users\"");
        assertThat(server.signUp("nobody").client().get("/", "Accept", "text/html").body()).doesNotContain("/admin/users");
    }

    @Test
    void limits_and_cursors_out_of_range_are_422() {
        var admin = server.signUpAdmin("strict");
        for (String query : List.of("limit=0", "limit=101", "limit=ten", "cursor=nonsense", "cursor=YS4x")) {
            var response = admin.client().get("/api/admin/users?" + query);
            assertThat(response.status()).as(query).isEqualTo(422);
            assertThat(response.contentType()).isEqualTo("application/problem+json");
        }
        assertThat(admin.client().get("/api/admin/audit?userId=x").status()).isEqualTo(422);
        assertThat(admin.client().get("/api/admin/users/abc").status()).isEqualTo(404);
        assertThat(admin.client().get("/api/admin/users/999999999").status()).isEqualTo(404);
        assertThat(patch(admin, admin.id(), "{\"roles\":[\"root\"]}").status()).isEqualTo(422);
    }

    @Test
    void a_role_change_ends_the_users_sessions_and_takes_effect_at_once() {
        var admin = server.signUpAdmin("promoter");
        var member = server.signUp("promoted");
        assertThat(member.client().get("/api/admin/users").status()).isEqualTo(403);

        var changed = patch(admin, member.id(), "{\"roles\":[\"user\",\"admin\"]}");

        assertThat(changed.status()).isEqualTo(200);
        assertThat(changed.json().path("roles").toString()).isEqualTo("[\"user\",\"admin\"]");
        assertThat(changed.json().path("activeSessions").asLong()).isZero();
        assertThat(member.client().session().status()).isEqualTo(401);
        var again = server.client();
        assertThat(again.login(member.email(), PASSWORD).status()).isEqualTo(200);
        assertThat(again.get("/api/admin/users").status()).isEqualTo(200);

        var audit = admin.client().get("/api/admin/audit?userId=" + member.id());
        // Newest first: the sign-in under the new roles, then the change.
        var latest = audit.json().path("items").get(1);
        assertThat(audit.json().path("items").get(0).path("type").asText()).isEqualTo("login");
        assertThat(latest.path("type").asText()).isEqualTo("role_changed");
        assertThat(latest.path("detail").asText()).isEqualTo("user,admin");
        assertThat(latest.path("actorId").asLong()).isEqualTo(admin.id());
    }

    @Test
    void deactivating_ends_sessions_refuses_login_and_revokes_tokens_at_once() {
        var admin = server.signUpAdmin("warden");
        var member = server.signUp("leaver");
        String secret = token(member);
        assertThat(server.client().get("/api/notes", "Authorization", "Bearer " + secret).status()).isEqualTo(200);

        var changed = patch(admin, member.id(), "{\"active\":false}");

        assertThat(changed.status()).isEqualTo(200);
        assertThat(changed.json().path("active").asBoolean()).isFalse();
        assertThat(member.client().session().status()).isEqualTo(401);
        assertThat(server.client().login(member.email(), PASSWORD).status()).isEqualTo(401);
        assertThat(server.client().get("/api/notes", "Authorization", "Bearer " + secret).status()).isEqualTo(401);
        assertThat(server.db().fetchCount(API_TOKENS, API_TOKENS.USER_ID.eq(member.id()))).isZero();

        assertThat(patch(admin, member.id(), "{\"active\":true}").status()).isEqualTo(200);
        assertThat(server.client().login(member.email(), PASSWORD).status()).isEqualTo(200);
        var types = new ArrayList<String>();
        admin.client().get("/api/admin/audit?userId=" + member.id()).json().path("items")
                .forEach(item -> types.add(item.path("type").asText()));
        assertThat(types).startsWith("login", "activated", "login_failed", "deactivated");
    }

    @Test
    void deleting_a_user_removes_everything_they_own() {
        var admin = server.signUpAdmin("remover");
        var member = server.signUp("gone");
        assertThat(member.client().postJson("/api/notes", Json.object("title", "mine")).status()).isEqualTo(201);
        token(member);

        var deleted = admin.client().delete("/api/admin/users/" + member.id());

        assertThat(deleted.status()).isEqualTo(204);
        assertThat(member.client().session().status()).isEqualTo(401);
        assertThat(admin.client().get("/api/admin/users/" + member.id()).status()).isEqualTo(404);
        var db = server.db();
        assertThat(db.fetchCount(USERS, USERS.ID.eq(member.id()))).isZero();
        assertThat(db.fetchCount(NOTES, NOTES.OWNER_ID.eq(member.id()))).isZero();
        assertThat(server.sessionStore().findAllForUser(member.id())).isEmpty();
        assertThat(db.fetchCount(API_TOKENS, API_TOKENS.USER_ID.eq(member.id()))).isZero();
        assertThat(db.fetchCount(AUDIT_EVENTS, AUDIT_EVENTS.USER_ID.eq(member.id()))).isZero();
        assertThat(db.fetchCount(AUDIT_EVENTS, AUDIT_EVENTS.ACTOR_ID.eq(admin.id()).and(AUDIT_EVENTS.TYPE.eq("user_deleted"))))
                .isEqualTo(1);
        assertThat(admin.client().delete("/api/admin/users/" + member.id()).status()).isEqualTo(404);
    }

    @Test
    void the_last_active_admin_cannot_be_demoted_deactivated_or_deleted() {
        var last = server.signUpAdmin("last");
        server.db().update(USERS).set(USERS.ROLES, "user")
                .where(USERS.ID.ne(last.id()), USERS.ROLES.contains("admin")).execute();

        for (var refused : List.of(patch(last, last.id(), "{\"roles\":[\"user\"]}"),
                patch(last, last.id(), "{\"active\":false}"), last.client().delete("/api/admin/users/" + last.id()))) {
            assertThat(refused.status()).isEqualTo(409);
            assertThat(refused.contentType()).isEqualTo("application/problem+json");
            assertThat(refused.json().path("detail").asText()).contains("last active administrator");
        }
        assertThat(last.client().get("/api/admin/users/" + last.id()).json().path("roles").toString()).contains("admin");

        var second = server.signUpAdmin("second");
        assertThat(patch(last, last.id(), "{\"roles\":[\"user\"]}").status()).isEqualTo(200);
        assertThat(patch(second, last.id(), "{\"roles\":[\"user\",\"admin\"]}").status()).isEqualTo(200);
    }
}
