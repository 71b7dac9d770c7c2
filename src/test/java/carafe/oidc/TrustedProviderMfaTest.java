package carafe.oidc;

import static carafe.oidc.IdentityProviderTest.back;
import static carafe.oidc.IdentityProviderTest.claims;
import static carafe.oidc.IdentityProviderTest.provider;
import static org.assertj.core.api.Assertions.assertThat;

import carafe.support.AuthenticatorApp;
import carafe.support.CarafeServer;
import carafe.support.Client;
import carafe.support.Html;
import carafe.support.Member;
import carafe.support.OpenIdProvider;
import carafe.support.Response;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A provider's own second factor stands in for the user's only when the operator trusts that provider
 * ({@code CARAFE_OIDC_<NAME>_TRUST_MFA}) and its ID token's {@code amr} names a second factor (SPEC §9).
 * Two providers over one real OpenID provider: {@code trusted} is trusted, {@code plain} is not.
 */
class TrustedProviderMfaTest {
    @RegisterExtension
    @Order(1)
    static final OpenIdProvider idp = new OpenIdProvider();

    @RegisterExtension
    @Order(2)
    static final CarafeServer server = new CarafeServer()
            .withIdentityProvider("trusted", idp.issuer()).with("CARAFE_OIDC_TRUSTED_TRUST_MFA", "true")
            .withIdentityProvider("plain", idp.issuer());

    /** A member with an authenticator app whose account is linked to the provider {@code name} as {@code subject}. */
    private static Member twoStepMemberLinkedTo(String name, String subject) {
        var member = server.signUp("oidc-" + name + "-mfa");
        AuthenticatorApp.setUpFor(member, server.clock);
        String csrf = Html.hidden(member.client().page("/account").body(), "_csrf");
        var started = member.client().postForm("/account/identities/" + name, Map.of("_csrf", csrf), "Accept", "text/html");
        assertThat(started.status()).isEqualTo(303);
        idp.nextSignInIs(subject, claims(subject + "@idp.example", true));
        assertThat(back(member.client(), provider(started.header("Location")).callback()).status()).isEqualTo(303);
        return member;
    }

    /** Signs in at provider {@code name} as {@code subject}, the ID token saying {@code amr}; the callback's answer. */
    private static Response signIn(Client browser, String name, String subject, List<String> amr) {
        var claims = claims(subject + "@idp.example", true);
        if (amr != null) claims.put("amr", amr);
        idp.nextSignInIs(subject, claims);
        var started = browser.get("/auth/oidc/" + name + "?next=%2F", "Accept", "text/html");
        return back(browser, provider(started.header("Location")).callback());
    }

    private static String subject() {
        return "mfa-" + UUID.randomUUID();
    }

    @Test
    void a_trusted_provider_that_says_it_did_a_second_factor_signs_in_without_the_users_own() {
        String subject = subject();
        twoStepMemberLinkedTo("trusted", subject);
        var browser = server.client();

        var answer = signIn(browser, "trusted", subject, List.of("pwd", "mfa"));

        assertThat(answer.status()).isEqualTo(303);
        assertThat(answer.header("Location")).isEqualTo("/");
        assertThat(browser.session().status()).as("signed in").isEqualTo(200);
    }

    @Test
    void a_trusted_provider_whose_token_names_no_second_factor_still_leads_to_the_second_step() {
        String subject = subject();
        twoStepMemberLinkedTo("trusted", subject);
        var withPasswordOnly = server.client();
        var withoutAmr = server.client();

        var passwordOnly = signIn(withPasswordOnly, "trusted", subject, List.of("pwd"));
        var noAmr = signIn(withoutAmr, "trusted", subject, null);

        assertThat(passwordOnly.header("Location")).isEqualTo("/login/two-step?next=%2F");
        assertThat(withPasswordOnly.session().status()).as("a pending sign-in opens nothing").isEqualTo(401);
        assertThat(noAmr.header("Location")).isEqualTo("/login/two-step?next=%2F");
        assertThat(withoutAmr.session().status()).isEqualTo(401);
    }

    @Test
    void a_provider_that_is_not_trusted_leads_to_the_second_step_whatever_its_token_says() {
        String subject = subject();
        twoStepMemberLinkedTo("plain", subject);
        var browser = server.client();

        var answer = signIn(browser, "plain", subject, List.of("pwd", "mfa", "otp"));

        assertThat(answer.header("Location")).isEqualTo("/login/two-step?next=%2F");
        assertThat(browser.session().status()).as("a pending sign-in opens nothing").isEqualTo(401);
    }
}
