package carafe.passkeys;

import com.webauthn4j.data.client.Origin;
import java.net.URI;

/**
 * The WebAuthn relying party: its id is the host of CARAFE_BASE_URL, its one origin that address's
 * scheme, host and port (SPEC §9). Instances behind one load balancer share the address, so a passkey
 * made through one works through all.
 */
record RelyingParty(String id, Origin origin, String name) {
    static RelyingParty of(URI baseUrl, String name) {
        String origin = baseUrl.getScheme() + "://" + baseUrl.getHost() + (baseUrl.getPort() < 0 ? "" : ":" + baseUrl.getPort());
        return new RelyingParty(baseUrl.getHost(), new Origin(origin), name);
    }
}
