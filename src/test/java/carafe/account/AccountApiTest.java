package carafe.account;

import static carafe.db.schema.Tables.USERS;
import static carafe.support.CarafeServer.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

import carafe.support.CarafeServer;
import carafe.support.Client;
import carafe.support.Json;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code /api/account}: profile, password change, the session list and the user's own security events. */
class AccountApiTest {
    @RegisterExtension
    static final CarafeServer server = new CarafeServer();

    private static final String NEW_PASSWORD = "another passphrase 77";

    @Test
    void the_account_shows_the_users_own_details_and_is_never_cached() {
        var ada = server.signUp("ada", "Ada");
        var client = ada.signInOnAnotherDevice();

        var response = client.get("/api/account");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("Cache-Control")).isEqualTo("no-store");
        JsonNode account = response.json();
        assertThat(account.path("email").asText()).isEqualTo(ada.email());
        assertThat(account.path("name").asText()).isEqualTo("Ada");
        assertThat(account.path("emailConfirmed").asBoolean()).isFalse();
        assertThat(account.path("loginCount").asInt()).isEqualTo(1);
        assertThat(account.path("lastLoginAt").asText()).isNotBlank();
        assertThat(account.has("passwordHash")).isFalse();
        assertThat(response.body()).doesNotContain("$argon2");
    }

    @Test
    void signed_out_callers_get_401_and_changes_need_the_csrf_token() {
        assertThat(server.client().get("/api/account").status()).isEqualTo(401);
        assertThat(server.client().get("/api/account/sessions").status()).isEqualTo(401);

        var client = server.signUp("csrf", "Csrf").client();
        var withoutToken = client.send("PATCH", "/api/account", "application/json", Json.object("name", "Mallory"));
        assertThat(withoutToken.status()).isEqualTo(403);
        assertThat(client.get("/api/account").json().path("name").asText()).isEqualTo("Csrf");
    }

    @Test
    void the_name_changes_at_once_and_is_validated() {
        var client = server.signUp("rename", "Old Name").client();

        var renamed = client.patchJson("/api/account", Json.object("name", "  New Name  "));
        assertThat(renamed.status()).isEqualTo(200);
        assertThat(renamed.json().path("name").asText()).isEqualTo("New Name");
        assertThat(client.session().json().path("user").path("name").asText()).isEqualTo("New Name");

        var blank = client.patchJson("/api/account", Json.object("name", "   "));
        assertThat(blank.status()).isEqualTo(422);
        assertThat(blank.json().path("errors").get(0).path("field").asText()).isEqualTo("name");
        var tooLong = client.patchJson("/api/account", Json.object("name", "x".repeat(101)));
        assertThat(tooLong.status()).isEqualTo(422);
        assertThat(client.get("/api/account").json().path("name").asText()).isEqualTo("New Name");
    }

    @Test
    void an_email_change_needs_the_current_password_and_a_free_address() {
        var mover = server.signUp("mover");
        var client = mover.client();
        String taken = server.signUp("taken").email();
        String wanted = CarafeServer.uniqueEmail("wanted");

        var noPassword = client.patchJson("/api/account", Json.object("email", wanted));
        assertThat(noPassword.status()).isEqualTo(422);
        assertThat(noPassword.json().path("errors").get(0).path("field").asText()).isEqualTo("currentPassword");

        var wrongPassword = client.patchJson("/api/account", Json.object("email", wanted, "currentPassword", "guess"));
        assertThat(wrongPassword.status()).isEqualTo(422);
        assertThat(wrongPassword.json().path("errors").get(0).path("message").asText()).isEqualTo("is not correct");

        var takenAddress = client.patchJson("/api/account", Json.object("email", taken, "currentPassword", PASSWORD));
        assertThat(takenAddress.status()).isEqualTo(409);

        var invalid = client.patchJson("/api/account", Json.object("email", "not an email", "currentPassword", PASSWORD));
        assertThat(invalid.status()).isEqualTo(422);

        var requested = client.patchJson("/api/account", Json.object("email", wanted, "currentPassword", PASSWORD));
        assertThat(requested.status()).isEqualTo(200);
        assertThat(requested.json().path("email").asText()).as("switches only once confirmed").isEqualTo(mover.email());
        assertThat(requested.json().path("pendingEmail").asText()).isEqualTo(wanted);
    }

    @Test
    void a_password_change_keeps_this_session_on_a_new_id_and_ends_every_other() {
        var changer = server.signUp("changer");
        var client = changer.client();
        var otherDevice = changer.signInOnAnotherDevice();
        String oldCookie = client.cookies().get("carafe_session");

        var response = client.postJson("/api/account/password",
                Json.object("currentPassword", PASSWORD, "newPassword", NEW_PASSWORD));

        assertThat(response.status()).isEqualTo(204);
        String newCookie = response.setCookie("carafe_session").orElseThrow();
        assertThat(newCookie).doesNotContain(oldCookie);
        assertThat(client.session().status()).isEqualTo(200);
        assertThat(client.postJson("/api/notes", Json.object("title", "still works", "body", "")).status())
                .as("the CSRF token carries over to the new session").isEqualTo(201);
        assertThat(otherDevice.session().status()).isEqualTo(401);
        var replayed = new Client(server.baseUrl());
        replayed.cookies().put("carafe_session", oldCookie);
        assertThat(replayed.session().status()).as("the old session id is dead").isEqualTo(401);
        assertThat(server.client().login(changer.email(), PASSWORD).status()).isEqualTo(401);
        assertThat(server.client().login(changer.email(), NEW_PASSWORD).status()).isEqualTo(200);
    }

    @Test
    void a_password_change_needs_the_right_current_password_and_an_acceptable_new_one() {
        var careful = server.signUp("careful");
        var client = careful.client();

        var wrong = client.postJson("/api/account/password",
                Json.object("currentPassword", "not it at all", "newPassword", NEW_PASSWORD));
        assertThat(wrong.status()).isEqualTo(422);
        assertThat(wrong.json().path("errors").get(0).path("field").asText()).isEqualTo("currentPassword");

        var weak = client.postJson("/api/account/password", Json.object("currentPassword", PASSWORD, "newPassword", "short"));
        assertThat(weak.status()).isEqualTo(422);
        assertThat(weak.json().path("errors").get(0).path("field").asText()).isEqualTo("newPassword");

        var common = client.postJson("/api/account/password",
                Json.object("currentPassword", PASSWORD, "newPassword", "password123"));
        assertThat(common.status()).isEqualTo(422);

        assertThat(server.client().login(careful.email(), PASSWORD).status()).as("nothing changed").isEqualTo(200);
    }

    @Test
    void the_session_list_shows_each_device_and_marks_this_one() {
        var member = server.signUp("devices");
        var laptop = member.client();
        member.signInOnAnotherDevice();

        var response = laptop.get("/api/account/sessions");

        assertThat(response.status()).isEqualTo(200);
        JsonNode list = response.json();
        assertThat(list).hasSize(2);
        List<Boolean> current = new ArrayList<>();
        list.forEach(s -> current.add(s.path("current").asBoolean()));
        assertThat(current).containsExactlyInAnyOrder(true, false);
        JsonNode first = list.get(0);
        assertThat(first.path("id").asText()).hasSize(32);
        assertThat(first.path("ip").asText()).isEqualTo("127.0.0.1");
        assertThat(first.path("createdAt").asText()).isNotBlank();
        assertThat(first.path("lastSeenAt").asText()).isNotBlank();
        String storedHash = server.storedSession(laptop).orElseThrow().idHash();
        assertThat(response.body()).doesNotContain(storedHash).doesNotContain(laptop.cookies().get("carafe_session"));
    }

    @Test
    void one_session_can_be_signed_out_and_the_others_all_at_once() {
        var member = server.signUp("revoker");
        var main = member.client();
        var phone = member.signInOnAnotherDevice();
        var tablet = member.signInOnAnotherDevice();

        String phoneId = currentSessionId(phone);
        assertThat(main.delete("/api/account/sessions/" + phoneId).status()).isEqualTo(204);
        assertThat(phone.session().status()).isEqualTo(401);
        assertThat(tablet.session().status()).isEqualTo(200);
        assertThat(main.delete("/api/account/sessions/" + phoneId).status()).as("already gone").isEqualTo(404);

        var others = main.postJson("/api/account/sessions/sign-out-others", "{}");
        assertThat(others.status()).isEqualTo(200);
        assertThat(others.json().path("signedOut").asInt()).isEqualTo(1);
        assertThat(tablet.session().status()).isEqualTo(401);
        assertThat(main.session().status()).isEqualTo(200);
        assertThat(main.get("/api/account/sessions").json()).hasSize(1);
    }

    @Test
    void another_users_session_cannot_be_seen_or_ended() {
        var alice = server.signUp("alice").client();
        var bob = server.signUp("bob").client();
        String bobsSession = currentSessionId(bob);

        assertThat(alice.get("/api/account/sessions").body()).doesNotContain(bobsSession);
        assertThat(alice.delete("/api/account/sessions/" + bobsSession).status()).isEqualTo(404);
        assertThat(alice.delete("/api/account/sessions/%00garbage").status()).isIn(400, 404);
        assertThat(bob.session().status()).isEqualTo(200);
    }

    @Test
    void signing_out_the_current_session_from_the_list_signs_this_client_out() {
        var client = server.signUp("self").client();

        var response = client.delete("/api/account/sessions/" + currentSessionId(client));

        assertThat(response.status()).isEqualTo(204);
        assertThat(client.session().status()).isEqualTo(401);
    }

    @Test
    void security_events_list_the_users_own_sign_ins_failures_and_changes_newest_first() {
        var audited = server.signUp("audited");
        assertThat(server.client().login(audited.email(), "wrong password!").status()).isEqualTo(401);
        var client = audited.signInOnAnotherDevice();
        client.postJson("/api/account/password", Json.object("currentPassword", PASSWORD, "newPassword", NEW_PASSWORD));
        server.signUp("someone-else");

        var events = client.get("/api/account/events");

        assertThat(events.status()).isEqualTo(200);
        List<String> types = new ArrayList<>();
        events.json().forEach(e -> types.add(e.path("type").asText()));
        assertThat(types).containsExactly("password_changed", "login", "login_failed", "registered");
        assertThat(events.json().get(0).path("ip").asText()).isEqualTo("127.0.0.1");
        assertThat(events.body()).doesNotContain(PASSWORD).doesNotContain(NEW_PASSWORD);
    }

    @Test
    void logins_are_counted_on_the_account() {
        var counted = server.signUp("counted");
        counted.signInOnAnotherDevice();
        counted.signInOnAnotherDevice();

        var user = server.db().selectFrom(USERS).where(USERS.EMAIL.eq(counted.email())).fetchOne();
        assertThat(user.getLoginCount()).isEqualTo(2);
        assertThat(user.getLastLoginAt()).isNotNull();
    }

    @Test
    void an_api_token_can_read_the_account_but_not_change_credentials_or_sessions() {
        var scripted = server.signUp("scripted");
        var client = scripted.client();
        String token = client.postJson("/api/account/tokens", Json.object("name", "script")).json().path("token").asText();
        String bearer = "Bearer " + token;

        assertThat(server.client().get("/api/account", "Authorization", bearer).json().path("email").asText())
                .isEqualTo(scripted.email());
        assertThat(server.client().get("/api/account/events", "Authorization", bearer).status()).isEqualTo(200);
        assertThat(server.client().get("/api/account/sessions", "Authorization", bearer).status()).isEqualTo(403);
        var password = server.client().send("POST", "/api/account/password", "application/json",
                Json.object("currentPassword", PASSWORD, "newPassword", NEW_PASSWORD), "Authorization", bearer);
        assertThat(password.status()).isEqualTo(403);
        var email2 = server.client().send("PATCH", "/api/account", "application/json",
                Json.object("email", CarafeServer.uniqueEmail("stolen"), "currentPassword", PASSWORD), "Authorization", bearer);
        assertThat(email2.status()).isEqualTo(403);
        var others = server.client().send("POST", "/api/account/sessions/sign-out-others", "application/json", "{}",
                "Authorization", bearer);
        assertThat(others.status()).isEqualTo(403);
        assertThat(client.session().status()).isEqualTo(200);
        assertThat(server.client().login(scripted.email(), PASSWORD).status()).isEqualTo(200);
    }

    private static String currentSessionId(Client client) {
        for (JsonNode session : client.get("/api/account/sessions").json()) {
            if (session.path("current").asBoolean()) return session.path("id").asText();
        }
        throw new AssertionError("no current session in the list");
    }
}
