package carafe.oidc;

import static carafe.db.schema.Tables.AUDIT_EVENTS;
import static carafe.db.schema.Tables.IDENTITIES;
import static carafe.db.schema.Tables.USERS;
import static org.assertj.core.api.Assertions.assertThat;

import carafe.support.AuthenticatorApp;
import carafe.support.CarafeServer;
import carafe.support.Client;
import carafe.support.Html;
import carafe.support.Json;
import carafe.support.Mails;
import carafe.support.OpenIdProvider;
import carafe.support.Response;
import carafe.support.RogueProvider;
import com.nimbusds.jwt.PlainJWT;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Signing in with an OpenID provider (SPEC §9), against a real one started by the test: accounts made,
 * found again and linked, never linked by email, the second factor still asked for; and every refusal
 * of the callback (state, code, issuer, audience, nonce, expiry, signature, alg none, provider errors)
 * ends on a page that says why, with no session, and in the audit trail.
 */
class IdentityProviderTest {
    @RegisterExtension
    @Order(1)
    static final OpenIdProvider idp = new OpenIdProvider();

    @RegisterExtension
    @Order(2)
    static final RogueProvider rogue = new RogueProvider();

    @RegisterExtension
    @Order(3)
    static final CarafeServer server = new CarafeServer().withMailServer().with("CARAFE_EMAIL_CODE_LOGIN", "true")
            .withIdentityProvider("test", idp.issuer())
            .withIdentityProvider("rogue", rogue.issuer());

    private static final String SESSION = "carafe_session";
    private static final HttpClient PROVIDER_BROWSER = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();

    /** Where the provider sent the browser back (the callback path with code and state), and the nonce it was given. */
    record Answer(String callback, String state, String nonce) {
        /** The same answer with another query parameter value, as a tampering browser would send it. */
        String with(String parameter, String value) {
            return callback.replaceFirst("([?&]" + parameter + "=)[^&]*", "$1" + value);
        }
    }

    /** Starts a sign-in at {@code path} in this browser and lets the provider answer (signing in whoever the test set). */
    static Answer atProvider(Client browser, String path) {
        var started = browser.get(path, "Accept", "text/html");
        assertThat(started.status()).as("redirect to the provider").isEqualTo(302);
        return provider(started.header("Location"));
    }

    static Answer provider(String authorizeUrl) {
        return answered(authorizeUrl, HttpRequest.newBuilder(URI.create(authorizeUrl)).GET().build());
    }

    /**
     * The provider asked for a sign-in now (prompt=login): its own page, whose form the person fills in
     * as {@code subject} with these claims (the ID token's, audience and all).
     */
    static Answer providerPage(String authorizeUrl, String subject, Map<String, Object> claims) {
        var withAudience = new LinkedHashMap<>(claims);
        withAudience.put("aud", OpenIdProvider.CLIENT_ID);
        String form = "username=" + URLEncoder.encode(subject, StandardCharsets.UTF_8) + "&claims="
                + URLEncoder.encode(Json.object(withAudience), StandardCharsets.UTF_8);
        return answered(authorizeUrl, HttpRequest.newBuilder(URI.create(authorizeUrl))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build());
    }

    private static Answer answered(String authorizeUrl, HttpRequest request) {
        assertThat(authorizeUrl).contains("code_challenge_method=S256", "code_challenge=", "nonce=", "state=",
                "client_id=" + OpenIdProvider.CLIENT_ID);
        try {
            var answer = PROVIDER_BROWSER.send(request, HttpResponse.BodyHandlers.discarding());
            String location = answer.headers().firstValue("Location")
                    .orElseThrow(() -> new AssertionError("the provider answered " + answer.statusCode() + ", not a redirect"));
            var callback = URI.create(location);
            return new Answer(callback.getRawPath() + "?" + callback.getRawQuery(), parameter(location, "state"),
                    parameter(authorizeUrl, "nonce"));
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    static Response back(Client browser, String callback) {
        return browser.get(callback, "Accept", "text/html");
    }

    /** Signs in through the provider as this person; returns the callback's answer. */
    static Response signInAs(Client browser, String subject, String email) {
        idp.nextSignInIs(subject, claims(email, true));
        return back(browser, atProvider(browser, "/auth/oidc/test?next=%2Fnotes").callback());
    }

    static Map<String, Object> claims(String email, boolean verified) {
        var claims = new LinkedHashMap<String, Object>();
        claims.put("email", email);
        claims.put("email_verified", verified);
        claims.put("name", "Ida Provider");
        return claims;
    }

    private static String parameter(String url, String name) {
        for (String pair : URI.create(url).getRawQuery().split("&")) {
            if (pair.startsWith(name + "=")) return URLDecoder.decode(pair.substring(name.length() + 1), StandardCharsets.UTF_8);
        }
        throw new AssertionError(name + " not in " + url);
    }

    private static void assertRefused(Response response, Client browser, String reason) {
        assertThat(response.status()).isBetween(400, 499);
        assertThat(response.body()).contains("data-testid=\"oidc-refused\"");
        assertThat(browser.session().status()).isEqualTo(401);
        String latest = server.db().select(AUDIT_EVENTS.DETAIL).from(AUDIT_EVENTS)
                .where(AUDIT_EVENTS.TYPE.eq("identity_refused")).orderBy(AUDIT_EVENTS.ID.desc()).limit(1)
                .fetchOne(AUDIT_EVENTS.DETAIL);
        assertThat(latest).as("audited with the reason").containsIgnoringCase(reason);
    }

    private static String subject(String who) {
        return who + "-" + System.nanoTime();
    }

    // ---- signing in ----

    @Test
    void the_api_names_the_providers_a_front_end_offers_and_where_to_send_the_browser() {
        var providers = server.client().get("/api/auth/providers").json();

        assertThat(providers).hasSize(2);
        assertThat(providers.get(0).path("name").asText()).isEqualTo("test");
        assertThat(providers.get(0).path("label").asText()).isEqualTo("Test test");
        assertThat(providers.get(0).path("signIn").asText()).isEqualTo("/auth/oidc/test");
        assertThat(providers.get(1).path("name").asText()).isEqualTo("rogue");
        assertThat(providers.toString()).doesNotContain(OpenIdProvider.CLIENT_SECRET);
    }


    @Test
    void a_first_sign_in_makes_an_account_with_the_providers_confirmed_address_and_no_password() {
        var browser = server.client();
        String email = CarafeServer.uniqueEmail("oidc-new");

        var signedIn = signInAs(browser, subject("new"), email);

        assertThat(signedIn.status()).isEqualTo(303);
        assertThat(signedIn.header("Location")).isEqualTo("/notes");
        var session = browser.session().json();
        assertThat(session.path("user").path("email").asText()).isEqualTo(email);
        assertThat(session.path("user").path("emailConfirmed").asBoolean()).isTrue();
        assertThat(session.path("amr").toString()).isEqualTo("[\"oidc\"]");
        assertThat(browser.get("/api/account").json().path("hasPassword").asBoolean()).isFalse();
        assertThat(server.client().login(email, "").status()).isEqualTo(422);
        assertThat(server.client().login(email, "any password at all 1").status()).isEqualTo(401);
    }

    @Test
    void the_same_subject_signs_into_the_same_account_again() {
        String subject = subject("again");
        String email = CarafeServer.uniqueEmail("oidc-again");
        var first = server.client();
        signInAs(first, subject, email);
        long id = first.session().json().path("user").path("id").asLong();

        var second = server.client();
        signInAs(second, subject, "another-address-" + email); // the address may change at the provider

        assertThat(second.session().json().path("user").path("id").asLong()).isEqualTo(id);
        assertThat(server.db().fetchCount(USERS, USERS.EMAIL.eq(email))).isEqualTo(1);
    }

    @Test
    void an_unknown_identity_with_the_address_of_an_existing_account_is_not_linked() {
        var member = server.signUp("oidc-victim");
        var attacker = server.client();

        var refused = signInAs(attacker, subject("takeover"), member.email());

        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.body()).contains("link your Test test account from your account page");
        assertThat(attacker.session().status()).isEqualTo(401);
        assertThat(server.db().fetchCount(IDENTITIES, IDENTITIES.USER_ID.eq(member.id()))).isZero();
    }

    /** Resets the password of the account at {@code email} with the link mailed to it. */
    private static void resetByMail(String email) {
        server.client().postJson("/api/auth/forgot", Json.object("email", email));
        String token = Mails.token(server.mail().awaitSubject(email, "Reset your password"), "/reset/");
        assertThat(server.client().postJson("/api/auth/reset", Json.object("token", token, "password",
                "the owner's passphrase 1")).status()).isEqualTo(204);
    }

    @Test
    void an_address_the_provider_has_not_verified_stays_unconfirmed_and_its_mailbox_owner_takes_the_account_back() {
        var squatter = server.client();
        String email = CarafeServer.uniqueEmail("oidc-unverified");
        String subject = subject("squatter");
        idp.nextSignInIs(subject, claims(email, false));

        var made = back(squatter, atProvider(squatter, "/auth/oidc/test").callback());
        assertThat(made.status()).isEqualTo(303);
        assertThat(squatter.session().json().path("user").path("emailConfirmed").asBoolean()).isFalse();

        resetByMail(email); // the mailbox's owner proves it

        assertThat(squatter.session().status()).as("the reset ended every session").isEqualTo(401);
        assertThat(server.db().fetchCount(IDENTITIES, IDENTITIES.SUBJECT.eq(subject))).isZero();
        assertThat(Mails.text(server.mail().awaitSubject(email, "An account was unlinked"))).contains("without its provider confirming");
        var again = server.client();
        idp.nextSignInIs(subject, claims(email, false));
        assertThat(back(again, atProvider(again, "/auth/oidc/test").callback()).status()).isEqualTo(409);
        assertThat(again.session().status()).as("the squatter's provider opens the account no more").isEqualTo(401);
    }

    @Test
    void a_sign_in_code_that_reaches_the_mailbox_also_unlinks_an_identity_that_never_proved_it() {
        String email = CarafeServer.uniqueEmail("oidc-unverified-code");
        String subject = subject("squatter-code");
        idp.nextSignInIs(subject, claims(email, false));
        var squatter = server.client();
        assertThat(back(squatter, atProvider(squatter, "/auth/oidc/test").callback()).status()).isEqualTo(303);

        var owner = server.client();
        assertThat(owner.postJson("/api/auth/email-code", Json.object("email", email)).status()).isEqualTo(202);
        String code = Html.firstGroup(Mails.text(server.mail().awaitSubject(email, "Your sign-in code")),
                "Your code is:\\s+(\\d{8})\\s");
        assertThat(owner.postJson("/api/auth/email-code/verify", Json.object("email", email, "code", code)).status())
                .isEqualTo(200);

        assertThat(server.db().fetchCount(IDENTITIES, IDENTITIES.SUBJECT.eq(subject))).isZero();
    }

    @Test
    void an_identity_that_made_the_account_with_a_verified_address_outlives_a_password_reset() {
        String email = CarafeServer.uniqueEmail("oidc-verified-reset");
        String subject = subject("verified-reset");
        signInAs(server.client(), subject, email);

        resetByMail(email);

        assertThat(server.db().fetchCount(IDENTITIES, IDENTITIES.SUBJECT.eq(subject))).isEqualTo(1);
        var browser = server.client();
        signInAs(browser, subject, email);
        assertThat(browser.session().json().path("user").path("email").asText()).isEqualTo(email);
    }

    @Test
    void a_user_with_an_authenticator_app_still_gets_the_second_step() {
        var member = server.signUp("oidc-two-step");
        var app = AuthenticatorApp.setUpFor(member, server.clock);
        String subject = subject("two-step");
        link(member.client(), subject);

        var browser = server.client();
        idp.nextSignInIs(subject, claims(member.email(), true));
        var answer = back(browser, atProvider(browser, "/auth/oidc/test?next=%2F").callback());

        assertThat(answer.status()).isEqualTo(303);
        assertThat(answer.header("Location")).isEqualTo("/login/two-step?next=%2F");
        assertThat(browser.session().status()).as("a pending sign-in opens nothing").isEqualTo(401);
        var completed = browser.secondFactor("code", app.code());
        assertThat(completed.status()).isEqualTo(200);
        assertThat(completed.json().path("amr").toString()).isEqualTo("[\"oidc\",\"otp\"]");
    }

    // ---- linking ----

    /** Links the provider's next sign-in (as {@code subject}) to this signed-in browser's account. */
    static Response link(Client browser, String subject) {
        String csrf = Html.hidden(browser.page("/account").body(), "_csrf");
        var started = browser.postForm("/account/identities/test", Map.of("_csrf", csrf), "Accept", "text/html");
        assertThat(started.status()).isEqualTo(303);
        idp.nextSignInIs(subject, claims(subject + "@idp.example", true));
        return back(browser, provider(started.header("Location")).callback());
    }

    @Test
    void a_signed_in_user_links_an_identity_which_then_signs_them_in() {
        var member = server.signUp("oidc-link");
        String subject = subject("link");

        var linked = link(member.client(), subject);

        assertThat(linked.status()).isEqualTo(303);
        assertThat(linked.header("Location")).isEqualTo("/account#identities");
        var identities = member.client().get("/api/account/identities").json();
        assertThat(identities).hasSize(1);
        assertThat(identities.get(0).path("provider").asText()).isEqualTo("test");
        assertThat(identities.get(0).path("email").asText()).isEqualTo(subject + "@idp.example");
        assertThat(member.client().page("/account").body()).contains("Test test").contains("Unlink");

        var browser = server.client();
        signInAs(browser, subject, "whatever@idp.example");
        assertThat(browser.session().json().path("user").path("id").asLong()).isEqualTo(member.id());
    }

    @Test
    void an_identity_linked_to_one_account_cannot_be_linked_to_another() {
        String subject = subject("taken");
        link(server.signUp("oidc-first-owner").client(), subject);
        var other = server.signUp("oidc-second-owner");

        var refused = link(other.client(), subject);

        assertThat(refused.status()).isEqualTo(409);
        assertThat(other.client().get("/api/account/identities").json()).isEmpty();
    }

    @Test
    void the_last_way_in_cannot_be_unlinked_until_there_is_a_password() {
        var browser = server.client();
        signInAs(browser, subject("only-way"), CarafeServer.uniqueEmail("oidc-only"));
        browser.csrfToken(browser.session().json().path("csrfToken").asText());
        long id = browser.get("/api/account/identities").json().get(0).path("id").asLong();

        var refused = browser.delete("/api/account/identities/" + id);
        assertThat(refused.status()).isEqualTo(409);

        String csrf = Html.hidden(browser.page("/account").body(), "_csrf");
        var set = browser.postForm("/account/password/set", Map.of("_csrf", csrf, "newPassword", "a first passphrase 77"),
                "Accept", "text/html");
        assertThat(set.status()).isEqualTo(303);
        assertThat(browser.get("/api/account").json().path("hasPassword").asBoolean()).isTrue();
        assertThat(browser.delete("/api/account/identities/" + id).status()).isEqualTo(204);
        assertThat(browser.delete("/api/account/identities/" + id).status()).isEqualTo(404);
    }

    @Test
    void unlinking_needs_a_recent_sign_in() {
        var member = server.signUp("oidc-unlink-recent");
        link(member.client(), subject("unlink-recent"));
        long id = member.client().get("/api/account/identities").json().get(0).path("id").asLong();
        server.clock.advance(Duration.ofMinutes(16));

        var refused = member.client().delete("/api/account/identities/" + id);

        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.json().path("type").asText()).endsWith("/problems/reauthentication-required");
    }

    // ---- confirming it is you ----

    /**
     * Confirms it is this browser's user at the provider, signing in there as {@code subject} at
     * {@code signedInAt} (the ID token's auth_time), from /reauthenticate.
     */
    static Response confirmAs(Client browser, String subject, String next, Instant signedInAt) {
        String csrf = Html.hidden(browser.page("/reauthenticate?next=" + next).body(), "_csrf");
        var started = browser.postForm("/reauthenticate/oidc/test", Map.of("_csrf", csrf, "next", next), "Accept", "text/html");
        assertThat(started.status()).isEqualTo(303);
        assertThat(started.header("Location")).as("the provider must ask for a sign-in now").contains("prompt=login", "max_age=0");
        var claims = claims(subject + "@idp.example", true);
        if (signedInAt != null) claims.put("auth_time", signedInAt.getEpochSecond());
        return back(browser, providerPage(started.header("Location"), subject, claims).callback());
    }

    static Response confirmAs(Client browser, String subject, String next) {
        return confirmAs(browser, subject, next, server.clock.instant());
    }

    @Test
    void the_reauthenticate_page_offers_a_linked_provider_and_no_password_to_an_account_without_one() {
        var member = server.signUp("oidc-reauth-page");
        assertThat(member.client().page("/reauthenticate?next=%2Faccount").body())
                .contains("name=\"password\"").doesNotContain("/reauthenticate/oidc/test");
        link(member.client(), subject("reauth-page"));
        assertThat(member.client().page("/reauthenticate?next=%2Faccount").body())
                .contains("name=\"password\"").contains("action=\"/reauthenticate/oidc/test\"")
                .contains("Confirm with Test test");

        var passwordless = server.client();
        signInAs(passwordless, subject("reauth-no-password"), CarafeServer.uniqueEmail("oidc-reauth-nopw"));
        assertThat(passwordless.page("/reauthenticate?next=%2Faccount").body())
                .doesNotContain("name=\"password\"").contains("action=\"/reauthenticate/oidc/test\"")
                .contains("Confirm with an account you linked");
    }

    @Test
    void a_linked_provider_confirms_it_is_you_after_the_sign_in_grew_old() {
        String subject = subject("reauth");
        var browser = server.client();
        signInAs(browser, subject, CarafeServer.uniqueEmail("oidc-reauth"));
        browser.csrfToken(browser.session().json().path("csrfToken").asText());
        long id = browser.get("/api/account/identities").json().get(0).path("id").asLong();
        server.clock.advance(Duration.ofMinutes(16));
        assertThat(browser.postJson("/api/account/tokens", "{\"name\":\"ci\"}").status()).isEqualTo(401);

        var confirmed = confirmAs(browser, subject, "/account/tokens");

        assertThat(confirmed.status()).isEqualTo(303);
        assertThat(confirmed.header("Location")).isEqualTo("/account/tokens");
        assertThat(browser.postJson("/api/account/tokens", "{\"name\":\"ci\"}").status()).isEqualTo(201);
        assertThat(browser.session().json().path("amr").toString()).contains("oidc");
        assertThat(browser.get("/api/account/identities").json().get(0).path("id").asLong()).isEqualTo(id);
    }

    @Test
    void a_provider_that_did_not_ask_for_a_sign_in_just_now_confirms_nothing() {
        String subject = subject("reauth-stale");
        var member = server.signUp("oidc-reauth-stale");
        link(member.client(), subject);
        server.clock.advance(Duration.ofMinutes(16));

        var noTime = confirmAs(member.client(), subject, "/account", null);
        var oldTime = confirmAs(member.client(), subject, "/account", server.clock.instant().minus(Duration.ofMinutes(30)));

        assertThat(noTime.status()).isEqualTo(409);
        assertThat(noTime.body()).contains("did not ask you to sign in again");
        assertThat(oldTime.status()).isEqualTo(409);
        assertThat(member.client().postJson("/api/account/tokens", "{\"name\":\"ci\"}").status())
                .as("still not a recent sign-in").isEqualTo(401);
        assertThat(server.db().select(AUDIT_EVENTS.DETAIL).from(AUDIT_EVENTS)
                .where(AUDIT_EVENTS.USER_ID.eq(member.id()).and(AUDIT_EVENTS.TYPE.eq("identity_refused")))
                .fetch(AUDIT_EVENTS.DETAIL)).anySatisfy(d -> assertThat(d).contains("without auth_time"))
                .anySatisfy(d -> assertThat(d).contains("old auth_time"));
    }

    @Test
    void confirming_as_someone_else_at_the_provider_is_refused_and_renews_nothing() {
        var member = server.signUp("oidc-reauth-other");
        link(member.client(), subject("reauth-mine"));
        server.clock.advance(Duration.ofMinutes(16));

        var refused = confirmAs(member.client(), subject("reauth-someone-else"), "/account");

        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.body()).contains("data-testid=\"oidc-refused\"");
        assertThat(member.client().postJson("/api/account/tokens", "{\"name\":\"ci\"}").status())
                .as("still not a recent sign-in").isEqualTo(401);
    }

    @Test
    void a_browser_signed_out_while_at_the_provider_renews_nothing() {
        var member = server.signUp("oidc-reauth-gone");
        String subject = subject("reauth-gone");
        link(member.client(), subject);
        var browser = member.client();
        String csrf = Html.hidden(browser.page("/reauthenticate?next=%2Faccount").body(), "_csrf");
        var started = browser.postForm("/reauthenticate/oidc/test", Map.of("_csrf", csrf, "next", "/account"),
                "Accept", "text/html");
        browser.cookies().remove("carafe_session");

        var refused = back(browser, providerPage(started.header("Location"), subject, claims(member.email(), true)).callback());

        assertThat(refused.status()).isEqualTo(409);
        assertThat(browser.session().status()).isEqualTo(401);
    }

    // ---- refusals ----

    @Test
    void a_tampered_state_is_refused() {
        var browser = server.client();
        var answer = atProvider(browser, "/auth/oidc/test");

        assertRefused(back(browser, answer.with("state", "forged-state")), browser, "state");
        assertThat(back(browser, answer.callback()).status()).as("the ceremony is used up by the attempt").isEqualTo(400);
    }

    @Test
    void a_code_used_twice_is_refused() {
        var browser = server.client();
        idp.nextSignInIs(subject("reused"), claims(CarafeServer.uniqueEmail("oidc-reused"), true));
        var answer = atProvider(browser, "/auth/oidc/test");
        assertThat(back(browser, answer.callback()).status()).isEqualTo(303);
        browser.cookies().remove("carafe_session");

        assertRefused(back(browser, answer.callback()), browser, "state");
    }

    @Test
    void an_answer_meant_for_another_browser_is_refused() {
        var victim = server.client();
        var answer = atProvider(server.client(), "/auth/oidc/test"); // the attacker's own sign-in

        assertRefused(back(victim, answer.callback()), victim, "state");
    }

    @Test
    void an_answer_after_the_ten_minutes_the_sign_in_may_take_is_refused() {
        var browser = server.client();
        var answer = atProvider(browser, "/auth/oidc/test");

        server.clock.advance(Duration.ofMinutes(10).plusSeconds(1));

        assertRefused(back(browser, answer.callback()), browser, "state");
    }

    @Test
    void a_provider_error_is_shown_and_audited() {
        var browser = server.client();
        var answer = atProvider(browser, "/auth/oidc/test");

        var refused = back(browser, "/auth/oidc/test/callback?error=access_denied&state=" + answer.state());

        assertRefused(refused, browser, "provider error: access_denied");
        assertThat(refused.body()).contains("you cancelled");
    }

    /**
     * A sign-in at the rogue provider, whose ID token the test writes (given the nonce Carafe sent): right
     * in every way but the one under test.
     */
    private static Response withIdToken(Client browser, Function<String, String> idToken) {
        rogue.answers(nonce -> RogueProvider.idToken(idToken.apply(nonce)));
        return back(browser, atProvider(browser, "/auth/oidc/rogue").callback());
    }

    @Test
    void a_good_token_written_by_the_test_signs_in_so_each_refusal_below_is_its_one_change() {
        var browser = server.client();
        String subject = subject("crafted");

        var signedIn = withIdToken(browser, nonce -> rogue.signed(rogue.goodClaims(subject, nonce).build()));

        assertThat(signedIn.status()).isEqualTo(303);
        assertThat(browser.session().json().path("user").path("email").asText()).isEqualTo(subject + "@rogue.example");
    }

    @Test
    void a_token_for_another_audience_is_refused() {
        var browser = server.client();
        assertRefused(withIdToken(browser, nonce -> rogue.signed(rogue.goodClaims(subject("aud"), nonce)
                .audience("another-client").build())), browser, "audience");
    }

    @Test
    void a_token_from_another_issuer_is_refused() {
        var browser = server.client();
        assertRefused(withIdToken(browser, nonce -> rogue.signed(rogue.goodClaims(subject("iss"), nonce)
                .issuer("https://evil.example").build())), browser, "issuer");
    }

    @Test
    void a_token_with_another_nonce_is_refused() {
        var browser = server.client();
        assertRefused(withIdToken(browser, nonce -> rogue.signed(rogue.goodClaims(subject("nonce"), "a-replayed-nonce").build())),
                browser, "nonce");
    }

    @Test
    void an_expired_token_is_refused() {
        var browser = server.client();
        Instant past = Instant.now().minus(Duration.ofHours(2));
        assertRefused(withIdToken(browser, nonce -> rogue.signed(rogue.goodClaims(subject("expired"), nonce)
                .issueTime(Date.from(past)).expirationTime(Date.from(past.plusSeconds(600))).build())), browser, "expired");
    }

    @Test
    void a_token_signed_by_another_key_is_refused() {
        var browser = server.client();
        assertRefused(withIdToken(browser, nonce -> rogue.forged(rogue.goodClaims(subject("forged"), nonce).build())),
                browser, "signature");
    }

    @Test
    void an_unsigned_token_alg_none_is_refused() {
        var browser = server.client();
        assertRefused(withIdToken(browser, nonce -> new PlainJWT(rogue.goodClaims(subject("none"), nonce).build())
                .serialize()), browser, "invalid ID token");
    }

    @Test
    void a_token_endpoint_that_fails_gives_a_page_not_a_500() {
        var browser = server.client();
        rogue.answers(nonce -> new RogueProvider.Answer(500, "{\"error\":\"server_error\"}"));

        var refused = back(browser, atProvider(browser, "/auth/oidc/rogue").callback());

        assertRefused(refused, browser, "token");
        assertThat(refused.status()).isNotEqualTo(500);
    }

    @Test
    void an_unknown_provider_is_404() {
        assertThat(server.client().get("/auth/oidc/nobody", "Accept", "text/html").status()).isEqualTo(404);
        assertThat(server.client().get("/auth/oidc/nobody/callback?code=x&state=y", "Accept", "text/html").status())
                .isEqualTo(404);
    }

    @Test
    void the_login_page_has_a_button_per_provider_that_sends_the_sign_in_form_with_next_and_keep_me_signed_in() {
        var login = server.client().page("/login?next=%2Fnotes");

        assertThat(login.body()).contains("<form method=\"post\" action=\"/login\" id=\"sign-in\"")
                .contains("<input type=\"hidden\" name=\"next\" value=\"/notes\">")
                .contains("<button type=\"submit\" class=\"button secondary\" form=\"sign-in\" formaction=\"/auth/oidc/test\">Sign in with Test test</button>")
                .contains("<button type=\"submit\" class=\"button secondary\" form=\"sign-in\" formaction=\"/auth/oidc/rogue\">Sign in with Test rogue</button>");
    }

    @Test
    void the_login_form_sent_to_a_provider_keeps_next_and_keep_me_signed_in_for_after_the_provider() {
        var browser = server.client();
        String formToken = Html.hidden(browser.page("/login").body(), "_csrf");
        idp.nextSignInIs(subject("kept"), claims(CarafeServer.uniqueEmail("oidc-kept"), true));

        var started = browser.postForm("/auth/oidc/test", Html.form("_csrf", formToken, "next", "/notes",
                "email", "", "password", "", "remember", "on"), "Accept", "text/html");
        assertThat(started.status()).as("on to the provider").isEqualTo(303);
        var back = back(browser, provider(started.header("Location")).callback());

        assertThat(back.status()).isEqualTo(303);
        assertThat(back.header("Location")).isEqualTo("/notes");
        assertThat(back.setCookie(SESSION)).hasValueSatisfying(c -> assertThat(c).containsPattern("; Max-Age=[1-9]\\d*;"));

        var unkept = server.client();
        String otherToken = Html.hidden(unkept.page("/login").body(), "_csrf");
        idp.nextSignInIs(subject("unkept"), claims(CarafeServer.uniqueEmail("oidc-unkept"), true));
        var startedUnkept = unkept.postForm("/auth/oidc/test", Html.form("_csrf", otherToken, "next", "/"),
                "Accept", "text/html");
        var backUnkept = back(unkept, provider(startedUnkept.header("Location")).callback());
        assertThat(backUnkept.setCookie(SESSION)).hasValueSatisfying(c -> assertThat(c).doesNotContain("Max-Age"));
    }

    @Test
    void pages_let_their_forms_lead_to_the_providers_for_link_and_confirm_with() {
        // "Link" and "Confirm with" are forms answered with a redirect to the provider, which browsers hold
        // to form-action too (IdentityProviderBrowserTest): the providers' origins are in it, and no path.
        var member = server.signUp("oidc-csp");
        String csp = member.client().page("/account").header("Content-Security-Policy");

        URI test = URI.create(idp.issuer());
        URI rogueIssuer = URI.create(rogue.issuer());
        assertThat(csp).contains("form-action 'self' http://127.0.0.1:" + test.getPort() + " http://127.0.0.1:"
                + rogueIssuer.getPort() + ";");
    }

    @Test
    void the_session_api_says_oidc_and_the_account_api_lists_nothing_to_a_token() {
        var browser = server.client();
        signInAs(browser, subject("api"), CarafeServer.uniqueEmail("oidc-api"));
        browser.csrfToken(browser.session().json().path("csrfToken").asText());
        var token = browser.postJson("/api/account/tokens", Json.object("name", "script")).json().path("token").asText();

        var byToken = server.client().get("/api/account/identities", "Authorization", "Bearer " + token);

        assertThat(byToken.status()).isEqualTo(403);
    }
}
