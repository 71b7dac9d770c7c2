package carafe.passkeys;

import static carafe.db.schema.Tables.AUDIT_EVENTS;
import static org.assertj.core.api.Assertions.assertThat;

import carafe.support.CarafeServer;
import carafe.support.Client;
import carafe.support.Member;
import carafe.support.PasskeyDevice;
import carafe.support.Response;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Passkeys over real HTTP with webauthn4j-test's emulated authenticator (SPEC §9 "Passkeys"):
 * registering one, signing in with it without a password or as the second step after one, and every
 * refusal: each is a 4xx that opens no session, and is audited.
 */
class PasskeysApiTest {
    @RegisterExtension
    static final CarafeServer server = new CarafeServer();

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Registers a passkey of this device for the member over the API; returns the answer (201). */
    static Response register(Member member, PasskeyDevice device, String name) {
        var options = member.client().postJson("/api/account/passkeys/options", "{}");
        assertThat(options.status()).isEqualTo(200);
        String credential = device.create(options.json());
        return member.client().postJson("/api/account/passkeys", "{\"name\":\"" + name + "\",\"credential\":" + credential + "}");
    }

    static Member withPasskey(String who, PasskeyDevice device) {
        var member = server.signUp(who);
        assertThat(register(member, device, "Phone").status()).isEqualTo(201);
        return member;
    }

    /** A signed-out browser's passwordless attempt: options, then the device's answer to them. */
    static String passwordlessAssertion(Client browser, PasskeyDevice device) {
        var options = browser.postJson("/api/auth/passkey/options", "{}");
        assertThat(options.status()).isEqualTo(200);
        return device.get(options.json());
    }

    static Response signIn(Client browser, String assertion) {
        return browser.postJson("/api/auth/passkey", "{\"credential\":" + assertion + "}");
    }

    private static void assertRefusedWithoutSession(Response response, Client browser, long userId) {
        assertThat(response.status()).isEqualTo(401);
        assertThat(response.contentType()).isEqualTo("application/problem+json");
        assertThat(browser.session().status()).isEqualTo(401);
        assertThat(server.db().fetchExists(AUDIT_EVENTS, AUDIT_EVENTS.USER_ID.eq(userId),
                AUDIT_EVENTS.TYPE.eq("passkey_refused"))).as("audited").isTrue();
    }

    @Test
    void creation_options_ask_for_a_discoverable_user_verified_credential_of_this_site() {
        var member = server.signUp("passkey-options");

        var options = member.client().postJson("/api/account/passkeys/options", "{}").json().path("publicKey");

        assertThat(options.path("rp").path("id").asText()).isEqualTo("localhost");
        assertThat(Base64.getUrlDecoder().decode(options.path("challenge").asText())).hasSizeGreaterThanOrEqualTo(16);
        assertThat(options.path("authenticatorSelection").path("residentKey").asText()).isEqualTo("required");
        assertThat(options.path("authenticatorSelection").path("userVerification").asText()).isEqualTo("required");
        assertThat(options.path("attestation").asText()).isEqualTo("none");
        assertThat(options.path("pubKeyCredParams").findValuesAsText("alg")).containsExactly("-7", "-8", "-257");
        assertThat(options.path("user").path("name").asText()).isEqualTo(member.email());
    }

    @Test
    void a_registered_passkey_is_listed_renamed_and_counts_as_a_second_factor() {
        var device = new PasskeyDevice();
        var member = server.signUp("passkey-register");

        var created = register(member, device, "Work laptop");

        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().path("name").asText()).isEqualTo("Work laptop");
        assertThat(created.json().path("createdAt").asText()).endsWith("Z");
        assertThat(created.json().path("lastUsedAt").isNull()).isTrue();
        assertThat(created.json().has("backedUp")).isTrue();
        long id = created.json().path("id").asLong();
        assertThat(member.client().get("/api/account/passkeys").json()).hasSize(1);
        var renamed = member.client().patchJson("/api/account/passkeys/" + id, "{\"name\":\"Old laptop\"}");
        assertThat(renamed.json().path("name").asText()).isEqualTo("Old laptop");
        assertThat(member.client().get("/api/account/mfa").json().path("passkeys").asInt()).isEqualTo(1);
        // The next creation options exclude it, so one authenticator is not registered twice.
        var again = member.client().postJson("/api/account/passkeys/options", "{}").json().path("publicKey");
        assertThat(again.path("excludeCredentials")).hasSize(1);
        var login = server.client().login(member.email(), member.password());
        assertThat(login.json().path("methods").findValuesAsText("")).isEmpty();
        assertThat(login.json().path("methods").toString()).contains("passkey");
    }

    @Test
    void a_passkey_signs_in_without_a_password_under_a_new_session_with_amr_hwk() {
        var device = new PasskeyDevice();
        var member = withPasskey("passkey-passwordless", device);
        var browser = server.client();

        var signedIn = signIn(browser, passwordlessAssertion(browser, device));

        assertThat(signedIn.status()).isEqualTo(200);
        assertThat(signedIn.json().path("user").path("email").asText()).isEqualTo(member.email());
        assertThat(signedIn.json().path("amr").toString()).isEqualTo("[\"hwk\"]");
        assertThat(browser.session().status()).isEqualTo(200);
        assertThat(member.client().get("/api/account/passkeys").json().get(0).path("lastUsedAt").isNull()).isFalse();
    }

    @Test
    void after_a_password_a_passkey_is_the_second_step() {
        var device = new PasskeyDevice();
        var member = withPasskey("passkey-second-step", device);
        var browser = server.client();
        var login = browser.login(member.email(), member.password());
        assertThat(login.json().path("mfaRequired").asBoolean()).isTrue();

        var options = browser.postJson("/api/auth/passkey/options", "{}");
        assertThat(options.json().path("publicKey").path("allowCredentials")).hasSize(1);
        var signedIn = browser.postJson("/api/auth/mfa", "{\"credential\":" + device.get(options.json()) + "}");

        assertThat(signedIn.status()).isEqualTo(200);
        assertThat(signedIn.json().path("amr").toString()).isEqualTo("[\"pwd\",\"hwk\"]");
    }

    @Test
    void the_passkey_endpoint_also_completes_a_pending_sign_in() {
        var device = new PasskeyDevice();
        var member = withPasskey("passkey-endpoint-second", device);
        var browser = server.client();
        browser.login(member.email(), member.password());

        var signedIn = signIn(browser, passwordlessAssertion(browser, device));

        assertThat(signedIn.status()).isEqualTo(200);
        assertThat(signedIn.json().path("amr").toString()).isEqualTo("[\"pwd\",\"hwk\"]");
    }

    @Test
    void an_assertion_made_for_another_origin_is_refused() {
        var device = new PasskeyDevice();
        var member = withPasskey("passkey-origin", device);
        var browser = server.client();
        var options = browser.postJson("/api/auth/passkey/options", "{}");

        var phished = device.at("https://carafe.evil.example").get(options.json());

        assertRefusedWithoutSession(signIn(browser, phished), browser, member.id());
    }

    @Test
    void an_assertion_for_another_relying_party_is_refused() {
        var device = new PasskeyDevice();
        var member = withPasskey("passkey-rp", device);
        var browser = server.client();
        String assertion = passwordlessAssertion(browser, device);

        String otherRp = device.resigned(assertion, "evil.example", flags -> flags, PasskeyDevice.signCount(assertion));

        assertRefusedWithoutSession(signIn(browser, otherRp), browser, member.id());
    }

    @Test
    void a_replayed_assertion_is_refused_its_challenge_is_used() {
        var device = new PasskeyDevice();
        var member = withPasskey("passkey-replay", device);
        var browser = server.client();
        String assertion = passwordlessAssertion(browser, device);
        var first = signIn(browser, assertion);
        assertThat(first.status()).isEqualTo(200);
        browser.csrfToken(first.json().path("csrfToken").asText());
        assertThat(browser.logout().status()).isEqualTo(204);

        assertRefusedWithoutSession(signIn(browser, assertion), browser, member.id());
        // A fresh ceremony does not revive the old challenge either.
        browser.postJson("/api/auth/passkey/options", "{}");
        assertThat(signIn(browser, assertion).status()).isEqualTo(401);
    }

    @Test
    void a_challenge_older_than_five_minutes_is_refused() {
        var device = new PasskeyDevice();
        var member = withPasskey("passkey-late", device);
        var browser = server.client();
        String assertion = passwordlessAssertion(browser, device);

        server.clock.advance(Duration.ofMinutes(5).plusSeconds(1));

        assertRefusedWithoutSession(signIn(browser, assertion), browser, member.id());
    }

    @Test
    void a_challenge_handed_to_another_browser_is_refused() {
        var device = new PasskeyDevice();
        var member = withPasskey("passkey-other-browser", device);
        var asked = server.client();
        String assertion = passwordlessAssertion(asked, device);

        var other = server.client();

        assertRefusedWithoutSession(signIn(other, assertion), other, member.id());
        assertThat(signIn(asked, assertion).status()).as("still good in the browser that asked").isEqualTo(200);
    }

    @Test
    void a_passwordless_sign_in_without_user_verification_is_refused() {
        var device = new PasskeyDevice();
        var member = withPasskey("passkey-no-uv", device);
        var browser = server.client();
        var options = browser.postJson("/api/auth/passkey/options", "{}").json().path("publicKey").deepCopy();
        ((ObjectNode) options).put("userVerification", "discouraged"); // what a client could do on its own

        String unverified = device.get(options.toString());

        assertRefusedWithoutSession(signIn(browser, unverified), browser, member.id());
    }

    @Test
    void a_signature_counter_that_goes_back_is_refused() {
        var device = new PasskeyDevice();
        var member = withPasskey("passkey-counter", device);
        var first = server.client();
        assertThat(signIn(first, passwordlessAssertion(first, device)).status()).isEqualTo(200);

        device.countUp(false); // the counter repeats: a cloned authenticator
        var second = server.client();
        var refused = signIn(second, passwordlessAssertion(second, device));
        device.countUp(true);

        assertRefusedWithoutSession(refused, second, member.id());
        assertThat(server.db().fetchExists(AUDIT_EVENTS, AUDIT_EVENTS.USER_ID.eq(member.id()),
                AUDIT_EVENTS.DETAIL.contains("counter went back"))).isTrue();
    }

    @Test
    void an_assertion_signed_by_another_key_is_refused() throws Exception {
        var victimDevice = new PasskeyDevice();
        var victim = withPasskey("passkey-victim", victimDevice);
        var victimBrowser = server.client();
        var victimAssertion = JSON.readTree(passwordlessAssertion(victimBrowser, victimDevice));
        var attackerDevice = new PasskeyDevice();
        withPasskey("passkey-attacker", attackerDevice);
        var attacker = server.client();

        // The attacker's signature under the victim's credential id and user handle.
        var forged = (ObjectNode) JSON.readTree(passwordlessAssertion(attacker, attackerDevice));
        forged.put("id", victimAssertion.path("id").asText()).put("rawId", victimAssertion.path("rawId").asText());
        ((ObjectNode) forged.path("response")).put("userHandle", victimAssertion.path("response").path("userHandle").asText());

        assertRefusedWithoutSession(signIn(attacker, forged.toString()), attacker, victim.id());
    }

    @Test
    void another_users_passkey_cannot_be_the_second_factor() {
        var mine = new PasskeyDevice();
        var member = withPasskey("passkey-mine", mine);
        var theirs = new PasskeyDevice();
        withPasskey("passkey-theirs", theirs);
        var browser = server.client();
        browser.login(member.email(), member.password());
        var options = (ObjectNode) browser.postJson("/api/auth/passkey/options", "{}").json().path("publicKey").deepCopy();
        options.remove("allowCredentials"); // so their authenticator answers with its own passkey

        var refused = browser.postJson("/api/auth/mfa", "{\"credential\":" + theirs.get(options.toString()) + "}");

        assertThat(refused.status()).isEqualTo(401);
        assertThat(browser.session().status()).isEqualTo(401);
    }

    @Test
    void a_malformed_credential_is_refused_without_a_500() {
        var device = new PasskeyDevice();
        var member = withPasskey("passkey-malformed", device);
        var browser = server.client();
        browser.postJson("/api/auth/passkey/options", "{}");

        for (String credential : new String[] {"{}", "{\"id\":\"x\",\"response\":{}}", "\"text\"", "[1,2]"}) {
            var response = signIn(browser, credential);
            assertThat(response.status()).as(credential).isEqualTo(401);
            browser.postJson("/api/auth/passkey/options", "{}");
        }
        var options = member.client().postJson("/api/account/passkeys/options", "{}");
        assertThat(options.status()).isEqualTo(200);
        var registration = member.client().postJson("/api/account/passkeys", "{\"credential\":{\"id\":\"x\"}}");
        assertThat(registration.status()).isEqualTo(422);
        assertThat(member.client().postJson("/api/account/passkeys", "{}").status()).isEqualTo(422);
    }

    @Test
    void a_registration_for_another_origin_or_without_user_verification_or_without_options_is_refused() {
        var member = server.signUp("passkey-bad-registration");

        var options = member.client().postJson("/api/account/passkeys/options", "{}");
        String phished = new PasskeyDevice("https://carafe.evil.example").create(options.json());
        assertThat(member.client().postJson("/api/account/passkeys", "{\"credential\":" + phished + "}").status()).isEqualTo(422);

        options = member.client().postJson("/api/account/passkeys/options", "{}");
        String unverified = PasskeyDevice.withRegistrationFlags(new PasskeyDevice().create(options.json()),
                flags -> (byte) (flags & ~PasskeyDevice.USER_VERIFIED));
        assertThat(member.client().postJson("/api/account/passkeys", "{\"credential\":" + unverified + "}").status()).isEqualTo(422);

        // The options above were used up by that attempt: one ceremony, one try.
        String late = new PasskeyDevice().create(options.json());
        assertThat(member.client().postJson("/api/account/passkeys", "{\"credential\":" + late + "}").status()).isEqualTo(422);
        assertThat(member.client().get("/api/account/passkeys").json()).isEmpty();
    }

    @Test
    void registering_a_passkey_needs_a_recent_sign_in_and_a_session() {
        var member = server.signUp("passkey-recent");
        server.clock.advance(Duration.ofMinutes(16));

        var refused = member.client().postJson("/api/account/passkeys/options", "{}");

        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.json().path("type").asText()).endsWith("/problems/reauthentication-required");
    }

    @Test
    void deleting_the_last_passkey_needs_a_recent_sign_in_and_turns_the_second_step_off() {
        var member = withPasskey("passkey-delete", new PasskeyDevice());
        long id = member.client().get("/api/account/passkeys").json().get(0).path("id").asLong();
        server.clock.advance(Duration.ofMinutes(16));
        assertThat(member.client().delete("/api/account/passkeys/" + id).status()).isEqualTo(401);
        assertThat(member.client().reauthenticate("password", member.password()).status()).isEqualTo(204);

        assertThat(member.client().delete("/api/account/passkeys/" + id).status()).isEqualTo(204);

        assertThat(member.client().delete("/api/account/passkeys/" + id).status()).isEqualTo(404);
        var login = server.client().login(member.email(), member.password());
        assertThat(login.json().path("mfaRequired").asBoolean(false)).isFalse();
    }

    @Test
    void a_passkey_renews_a_recent_sign_in() {
        var device = new PasskeyDevice();
        var member = withPasskey("passkey-reauth", device);
        server.clock.advance(Duration.ofMinutes(16));
        var options = member.client().postJson("/api/auth/passkey/options", "{}");
        assertThat(options.json().path("publicKey").path("allowCredentials")).hasSize(1);

        var renewed = member.client().postJson("/api/auth/reauthenticate", "{\"credential\":" + device.get(options.json()) + "}");

        assertThat(renewed.status()).isEqualTo(204);
        assertThat(member.client().session().json().path("amr").toString()).contains("hwk");
        assertThat(member.client().postJson("/api/account/passkeys/options", "{}").status()).isEqualTo(200);
    }

    @Test
    void another_users_passkeys_cannot_be_renamed_or_deleted() {
        var owner = withPasskey("passkey-owner", new PasskeyDevice());
        long id = owner.client().get("/api/account/passkeys").json().get(0).path("id").asLong();
        var other = server.signUp("passkey-stranger");

        assertThat(other.client().patchJson("/api/account/passkeys/" + id, "{\"name\":\"mine\"}").status()).isEqualTo(404);
        assertThat(other.client().delete("/api/account/passkeys/" + id).status()).isEqualTo(404);
        assertThat(owner.client().get("/api/account/passkeys").json().get(0).path("name").asText()).isEqualTo("Phone");
    }
}
