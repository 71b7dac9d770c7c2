package carafe.auth;

import static carafe.db.schema.Tables.API_TOKENS;
import static carafe.db.schema.Tables.AUDIT_EVENTS;
import static carafe.db.schema.Tables.USERS;
import static org.assertj.core.api.Assertions.assertThat;

import carafe.support.CarafeServer;
import carafe.support.Client;
import carafe.support.Json;
import carafe.support.Response;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * API tokens over real HTTP: created by a signed-in user (the secret shown once), then used by a
 * script as {@code Authorization: Bearer} without cookies or CSRF token, until revoked or expired.
 */
class ApiTokensApiTest {
    @RegisterExtension
    static final CarafeServer server = new CarafeServer();

    private static final String SECRET_FORMAT = "carafe_[0-9a-f]{64}";
    private static final String INVALID_TOKEN = "Bearer realm=\"carafe\", error=\"invalid_token\"";

    private static JsonNode createToken(Client client, String name) {
        Response response = client.postJson("/api/account/tokens", Json.object("name", name));
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        return response.json();
    }

    private static String secretOf(Client client, String name) {
        return createToken(client, name).path("token").asText();
    }

    /** A script: no cookies, no CSRF token, only the Authorization header. */
    private static Response getWithToken(String path, String secret) {
        return server.client().get(path, "Authorization", "Bearer " + secret);
    }

    private static Response postNoteWithToken(String secret, String title) {
        return server.client().send("POST", "/api/notes", "application/json", Json.object("title", title),
                "Authorization", "Bearer " + secret);
    }

    private static Response deleteToken(Client client, long id) {
        return client.send("DELETE", "/api/account/tokens/" + id, null, null, "X-CSRF-Token", client.csrfToken());
    }

    private static List<String> noteTitles(Client client) {
        var titles = new ArrayList<String>();
        client.get("/api/notes").json().path("items").forEach(note -> titles.add(note.path("title").asText()));
        return titles;
    }

    private static Instant lastUsedInDatabase(long tokenId) {
        return server.db().select(API_TOKENS.LAST_USED_AT).from(API_TOKENS).where(API_TOKENS.ID.eq(tokenId))
                .fetchOne().value1();
    }

    private static void assertRefusedToken(Response response) {
        assertThat(response.status()).isEqualTo(401);
        assertThat(response.contentType()).isEqualTo("application/problem+json");
        assertThat(response.header("WWW-Authenticate")).isEqualTo(INVALID_TOKEN);
        assertThat(response.json().path("detail").asText()).isEqualTo("The API token is invalid, expired or revoked.");
    }

    // ---- creating and listing ----

    @Test
    void create_answers_201_with_the_secret_once_and_the_list_never_shows_it() {
        var client = server.signUp("creator").client();

        var response = client.postJson("/api/account/tokens", Json.object("name", "  backup script  ", "expiresInDays", 30));

        assertThat(response.status()).isEqualTo(201);
        assertThat(response.header("Cache-Control")).isEqualTo("no-store");
        JsonNode created = response.json();
        String secret = created.path("token").asText();
        assertThat(secret).matches(SECRET_FORMAT);
        assertThat(created.path("name").asText()).isEqualTo("backup script");
        assertThat(created.path("lastUsedAt").isNull()).isTrue();
        Instant createdAt = Instant.parse(created.path("createdAt").asText());
        assertThat(createdAt).isEqualTo(server.clock.instant());
        assertThat(Instant.parse(created.path("expiresAt").asText())).isEqualTo(createdAt.plus(Duration.ofDays(30)));

        var list = client.get("/api/account/tokens");
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.header("Cache-Control")).isEqualTo("no-store");
        assertThat(list.body()).doesNotContain(secret);
        assertThat(list.json().isArray()).isTrue();
        assertThat(list.json()).hasSize(1);
        JsonNode listed = list.json().get(0);
        assertThat(listed.path("id").asLong()).isEqualTo(created.path("id").asLong());
        assertThat(listed.path("name").asText()).isEqualTo("backup script");
        assertThat(listed.has("token")).isFalse();
        assertThat(listed.has("userId")).isFalse();

        // Stored only as its SHA-256.
        var row = server.db().selectFrom(API_TOKENS).where(API_TOKENS.ID.eq(created.path("id").asLong())).fetchOne();
        assertThat(row.getTokenHash()).isEqualTo(SecretTokens.hash(secret)).doesNotContain(secret);
        assertThat(row.intoMap().values()).noneMatch(value -> String.valueOf(value).contains(secret.substring(7)));
    }

    @Test
    void every_token_has_its_own_secret_and_expires_in_90_days_unless_told() {
        var client = server.signUp("defaults").client();

        JsonNode first = createToken(client, "first");
        JsonNode second = createToken(client, "second");

        assertThat(first.path("token").asText()).isNotEqualTo(second.path("token").asText());
        assertThat(Duration.between(Instant.parse(first.path("createdAt").asText()),
                Instant.parse(first.path("expiresAt").asText()))).isEqualTo(Duration.ofDays(90));
        // Newest first.
        var names = new ArrayList<String>();
        client.get("/api/account/tokens").json().forEach(token -> names.add(token.path("name").asText()));
        assertThat(names).containsExactly("second", "first");
    }

    @Test
    void creating_and_revoking_are_in_the_audit_trail_with_the_token_name() {
        var member = server.signUp("audited");
        var client = member.client();
        long user = member.id();
        long id = createToken(client, "deploy bot").path("id").asLong();

        assertThat(deleteToken(client, id).status()).isEqualTo(204);

        var events = server.db().select(AUDIT_EVENTS.TYPE, AUDIT_EVENTS.DETAIL, AUDIT_EVENTS.IP).from(AUDIT_EVENTS)
                .where(AUDIT_EVENTS.USER_ID.eq(user).and(AUDIT_EVENTS.TYPE.like("token_%")))
                .orderBy(AUDIT_EVENTS.ID).fetch();
        assertThat(events).hasSize(2);
        assertThat(events.get(0).value1()).isEqualTo("token_created");
        assertThat(events.get(0).value2()).isEqualTo("deploy bot");
        assertThat(events.get(0).value3()).isEqualTo("127.0.0.1");
        assertThat(events.get(1).value1()).isEqualTo("token_revoked");
        assertThat(events.get(1).value2()).isEqualTo("deploy bot");
    }

    @Test
    void invalid_requests_get_422_with_field_errors() {
        var client = server.signUp("invalid").client();

        for (String body : List.of("{}", Json.object("name", ""), Json.object("name", "   "),
                Json.object("name", "x".repeat(101)))) {
            var response = client.postJson("/api/account/tokens", body);
            assertThat(response.status()).as(body).isEqualTo(422);
            assertThat(response.contentType()).isEqualTo("application/problem+json");
            assertThat(response.json().path("errors").get(0).path("field").asText()).as(body).isEqualTo("name");
        }
        for (Object days : List.of(0, 366, -5)) {
            var response = client.postJson("/api/account/tokens", Json.object("name", "ok", "expiresInDays", days));
            assertThat(response.status()).as("days %s", days).isEqualTo(422);
            var error = response.json().path("errors").get(0);
            assertThat(error.path("field").asText()).isEqualTo("expiresInDays");
            assertThat(error.path("message").asText()).isEqualTo("must be a whole number from 1 to 365");
        }
        var wrongType = client.postJson("/api/account/tokens", Json.object("name", "ok", "expiresInDays", "soon"));
        assertThat(wrongType.status()).isEqualTo(422);
        assertThat(wrongType.json().path("errors").get(0).path("field").asText()).isEqualTo("expiresInDays");
        assertThat(client.postJson("/api/account/tokens", "{\"name\":").status()).isEqualTo(400);
        assertThat(client.send("POST", "/api/account/tokens", "text/plain", "name", "X-CSRF-Token", client.csrfToken())
                .status()).isEqualTo(415);
        // None of them made a token; the longest allowed name does.
        assertThat(client.get("/api/account/tokens").json()).isEmpty();
        assertThat(createToken(client, "y".repeat(100)).path("name").asText()).hasSize(100);
    }

    @Test
    void an_account_holds_at_most_100_tokens() {
        var client = server.signUp("hoarder").client();
        for (int i = 0; i < ApiTokens.MAX_TOKENS_PER_USER; i++) createToken(client, "token " + i);

        var refused = client.postJson("/api/account/tokens", Json.object("name", "one too many"));

        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.json().path("detail").asText()).contains("revoke one");
        assertThat(client.get("/api/account/tokens").json()).hasSize(100);
        long oldest = client.get("/api/account/tokens").json().get(99).path("id").asLong();
        assertThat(deleteToken(client, oldest).status()).isEqualTo(204);
        createToken(client, "room again");
    }

    // ---- using a token ----

    @Test
    void a_bearer_token_reads_and_writes_notes_without_cookies_or_csrf_token() {
        var owner = server.signUp("scripter").client();
        String secret = secretOf(owner, "notes script");

        var created = postNoteWithToken(secret, "From a script");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        long id = created.json().path("id").asLong();

        var list = getWithToken("/api/notes", secret);
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.json().path("items").get(0).path("title").asText()).isEqualTo("From a script");
        var put = server.client().send("PUT", "/api/notes/" + id, "application/json", Json.object("title", "Edited"),
                "Authorization", "Bearer " + secret, "If-Match", created.header("ETag"));
        assertThat(put.status()).isEqualTo(200);
        // The scheme is case-insensitive (RFC 9110 §11.1).
        assertThat(server.client().get("/api/notes/" + id, "Authorization", "bearer " + secret).status()).isEqualTo(200);
        // The note is the token owner's.
        assertThat(noteTitles(owner)).containsExactly("Edited");
        var delete = server.client().send("DELETE", "/api/notes/" + id, null, null, "Authorization", "Bearer " + secret);
        assertThat(delete.status()).isEqualTo(204);
        assertThat(noteTitles(owner)).isEmpty();
    }

    @Test
    void a_session_cookie_still_needs_its_csrf_token() {
        var client = server.signUp("cookie").client();
        secretOf(client, "unused");

        var withoutCsrf = client.send("POST", "/api/notes", "application/json", Json.object("title", "Forged"));

        assertThat(withoutCsrf.status()).isEqualTo(403);
        assertThat(withoutCsrf.json().path("detail").asText()).contains("CSRF");
        // An Authorization header of another scheme is no bearer token: the cookie decides, and needs CSRF.
        var basic = client.send("POST", "/api/notes", "application/json", Json.object("title", "Forged"),
                "Authorization", "Basic dXNlcjpwYXNz");
        assertThat(basic.status()).isEqualTo(403);
        assertThat(noteTitles(client)).isEmpty();
    }

    @Test
    void with_a_cookie_and_a_bearer_token_the_token_alone_decides() {
        var tokenOwner = server.signUp("token-owner").client();
        String secret = secretOf(tokenOwner, "mine");
        var cookieOwner = server.signUp("cookie-owner").client();

        // Valid token + another user's cookie, no CSRF token: acts as the token's user.
        var created = cookieOwner.send("POST", "/api/notes", "application/json", Json.object("title", "Whose?"),
                "Authorization", "Bearer " + secret);
        assertThat(created.status()).isEqualTo(201);
        assertThat(noteTitles(tokenOwner)).containsExactly("Whose?");
        assertThat(noteTitles(cookieOwner)).isEmpty();

        // Bad token + a good cookie: 401, no falling back to the cookie.
        var badToken = cookieOwner.send("POST", "/api/notes", "application/json", Json.object("title", "Fallback?"),
                "Authorization", "Bearer carafe_" + "0".repeat(64), "X-CSRF-Token", cookieOwner.csrfToken());
        assertRefusedToken(badToken);
        assertRefusedToken(cookieOwner.get("/api/notes", "Authorization", "Bearer nonsense"));
        assertThat(noteTitles(cookieOwner)).isEmpty();
    }

    @Test
    void unknown_malformed_and_missing_tokens_get_401() {
        for (String header : List.of("Bearer carafe_" + "0".repeat(64), "Bearer carafe_short", "Bearer " + "a".repeat(5000),
                "Bearer", "Bearer ", "bEaReR carafe_" + "f".repeat(64))) {
            var response = server.client().get("/api/notes", "Authorization", header);
            assertThat(response.status()).as(header).isEqualTo(401);
            assertThat(response.header("WWW-Authenticate")).as(header).isEqualTo(INVALID_TOKEN);
        }
        // A bad token is refused on every /api route, not only those that need a user.
        assertRefusedToken(server.client().send("POST", "/api/auth/logout", "application/json", "{}",
                "Authorization", "Bearer carafe_" + "0".repeat(64)));
        assertRefusedToken(server.client().get("/api/auth/providers", "Authorization", "Bearer carafe_" + "0".repeat(64)));
        // No credentials at all: 401 that says a bearer token is accepted here.
        var anonymous = server.client().get("/api/notes");
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.header("WWW-Authenticate")).isEqualTo("Bearer realm=\"carafe\"");
    }

    @Test
    void a_revoked_token_gets_401() {
        var client = server.signUp("revoker").client();
        JsonNode token = createToken(client, "soon gone");
        String secret = token.path("token").asText();
        assertThat(getWithToken("/api/notes", secret).status()).isEqualTo(200);

        var revoked = deleteToken(client, token.path("id").asLong());

        assertThat(revoked.status()).isEqualTo(204);
        assertRefusedToken(getWithToken("/api/notes", secret));
        assertRefusedToken(postNoteWithToken(secret, "after revoke"));
        assertThat(client.get("/api/account/tokens").json()).isEmpty();
        assertThat(deleteToken(client, token.path("id").asLong()).status()).isEqualTo(404);
    }

    @Test
    void an_expired_token_gets_401() {
        var client = server.signUp("expiring").client();
        var response = client.postJson("/api/account/tokens", Json.object("name", "one day", "expiresInDays", 1));
        String secret = response.json().path("token").asText();

        server.clock.advance(Duration.ofDays(1).minusSeconds(1));
        assertThat(getWithToken("/api/notes", secret).status()).isEqualTo(200);

        server.clock.advance(Duration.ofSeconds(1));
        assertRefusedToken(getWithToken("/api/notes", secret));
    }

    @Test
    void a_deactivated_users_tokens_stop_working() {
        var member = server.signUp("deactivated");
        var client = member.client();
        long user = member.id();
        String secret = secretOf(client, "while active");
        assertThat(getWithToken("/api/notes", secret).status()).isEqualTo(200);

        server.db().update(USERS).set(USERS.ACTIVE, false).where(USERS.ID.eq(user)).execute();

        assertRefusedToken(getWithToken("/api/notes", secret));
        assertRefusedToken(postNoteWithToken(secret, "while inactive"));
    }

    @Test
    void another_users_token_cannot_be_revoked_and_is_404() {
        var owner = server.signUp("owner").client();
        JsonNode token = createToken(owner, "theirs");
        var other = server.signUp("other").client();

        assertThat(deleteToken(other, token.path("id").asLong()).status()).isEqualTo(404);
        assertThat(deleteToken(other, 999_999_999).status()).isEqualTo(404);
        assertThat(deleteToken(other, -1).status()).isEqualTo(404);
        var notANumber = other.send("DELETE", "/api/account/tokens/abc", null, null, "X-CSRF-Token", other.csrfToken());
        assertThat(notANumber.status()).isEqualTo(404);
        assertThat(other.send("DELETE", "/api/account/tokens/99999999999999999999999", null, null,
                "X-CSRF-Token", other.csrfToken()).status()).isEqualTo(404);

        assertThat(getWithToken("/api/notes", token.path("token").asText()).status()).isEqualTo(200);
        assertThat(owner.get("/api/account/tokens").json()).hasSize(1);
        assertThat(other.get("/api/account/tokens").json()).isEmpty();
    }

    @Test
    void revoking_needs_the_sessions_csrf_token() {
        var client = server.signUp("csrf-revoke").client();
        long id = createToken(client, "kept").path("id").asLong();

        var forged = client.send("DELETE", "/api/account/tokens/" + id, null, null);

        assertThat(forged.status()).isEqualTo(403);
        assertThat(client.get("/api/account/tokens").json()).hasSize(1);
    }

    @Test
    void last_used_is_recorded_at_most_once_a_minute() {
        var client = server.signUp("touch").client();
        JsonNode token = createToken(client, "busy");
        long id = token.path("id").asLong();
        String secret = token.path("token").asText();
        assertThat(lastUsedInDatabase(id)).isNull();

        assertThat(getWithToken("/api/notes", secret).status()).isEqualTo(200);
        Instant first = server.clock.instant();
        assertThat(lastUsedInDatabase(id)).isEqualTo(first);

        // Used again within the minute: no write.
        server.clock.advance(Duration.ofSeconds(59));
        assertThat(getWithToken("/api/notes", secret).status()).isEqualTo(200);
        assertThat(postNoteWithToken(secret, "busy").status()).isEqualTo(201);
        assertThat(lastUsedInDatabase(id)).isEqualTo(first);

        server.clock.advance(Duration.ofSeconds(1));
        assertThat(getWithToken("/api/notes", secret).status()).isEqualTo(200);
        assertThat(lastUsedInDatabase(id)).isEqualTo(server.clock.instant());
        assertThat(Instant.parse(client.get("/api/account/tokens").json().get(0).path("lastUsedAt").asText()))
                .isEqualTo(server.clock.instant());
    }

    // ---- what a token cannot do ----

    @Test
    void a_token_cannot_manage_tokens_or_use_what_needs_a_session() {
        var client = server.signUp("limited").client();
        JsonNode token = createToken(client, "limited");
        String secret = token.path("token").asText();
        String auth = "Bearer " + secret;

        assertThat(server.client().get("/api/account/tokens", "Authorization", auth).status()).isEqualTo(403);
        var mint = server.client().send("POST", "/api/account/tokens", "application/json", Json.object("name", "more"),
                "Authorization", auth);
        assertThat(mint.status()).isEqualTo(403);
        assertThat(mint.json().path("detail").asText()).isEqualTo("An API token cannot do this; sign in with your password instead.");
        var revokeItself = server.client().send("DELETE", "/api/account/tokens/" + token.path("id").asLong(), null, null,
                "Authorization", auth);
        assertThat(revokeItself.status()).isEqualTo(403);
        assertThat(server.client().get("/api/auth/session", "Authorization", auth).status()).isEqualTo(403);
        assertThat(server.client().send("POST", "/api/auth/logout", "application/json", "{}", "Authorization", auth)
                .status()).isEqualTo(403);

        assertThat(client.get("/api/account/tokens").json()).hasSize(1);
        assertThat(getWithToken("/api/notes", secret).status()).isEqualTo(200);
    }

    @Test
    void tokens_do_not_open_pages() {
        var client = server.signUp("pages").client();
        String secret = secretOf(client, "api only");

        var page = server.client().get("/notes", "Authorization", "Bearer " + secret, "Accept", "text/html");
        assertThat(page.status()).isEqualTo(303);
        assertThat(page.header("Location")).isEqualTo("/login?next=%2Fnotes");
        var form = server.client().postForm("/notes", java.util.Map.of("title", "via page"),
                "Authorization", "Bearer " + secret);
        assertThat(form.status()).isEqualTo(401);
        assertThat(noteTitles(client)).isEmpty();
    }

    @Test
    void tokens_expired_for_over_a_month_are_purged_and_recently_expired_ones_stay_listed() {
        var client = server.signUp("purged").client();
        long longGone = client.postJson("/api/account/tokens", Json.object("name", "long gone", "expiresInDays", 1))
                .json().path("id").asLong();
        long recentlyExpired = client.postJson("/api/account/tokens", Json.object("name", "recent", "expiresInDays", 5))
                .json().path("id").asLong();
        long live = createToken(client, "live").path("id").asLong();

        server.clock.advance(Duration.ofDays(1 + 31));
        assertThat(server.app().apiTokens().purgeExpired()).isGreaterThanOrEqualTo(1);

        assertThat(server.db().fetchCount(API_TOKENS, API_TOKENS.ID.eq(longGone))).isZero();
        assertThat(server.db().fetchCount(API_TOKENS, API_TOKENS.ID.eq(recentlyExpired))).isOne();
        assertThat(server.db().fetchCount(API_TOKENS, API_TOKENS.ID.eq(live))).isOne();
    }
}
