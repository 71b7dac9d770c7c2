package carafe.oidc;

import java.net.URI;
import java.util.List;

/**
 * One identity provider as configured (SPEC §9): {@code CARAFE_OIDC_<NAME>_ISSUER}, {@code _CLIENT_ID},
 * {@code _CLIENT_SECRET}, optional {@code _LABEL}, {@code _SCOPES} (default "openid email profile") and
 * {@code _TRUST_MFA} (the provider's own second factor stands in for ours when its token says so).
 *
 * @param name how Carafe's addresses name it: {@code /auth/oidc/<name>}, lower case
 */
public record ProviderSettings(String name, URI issuer, String clientId, String clientSecret, String label,
                               List<String> scopes, boolean trustMfa) {
    public static final List<String> DEFAULT_SCOPES = List.of("openid", "email", "profile");

    public ProviderSettings {
        scopes = List.copyOf(scopes);
    }

    /** Never the secret, in logs or anywhere. */
    @Override
    public String toString() {
        return "ProviderSettings[" + name + ", " + issuer + ", client " + clientId + "]";
    }
}
