package carafe.support;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.microsoft.playwright.CDPSession;
import com.microsoft.playwright.Page;

/**
 * A passkey authenticator built into Chromium, driven through the Chrome DevTools Protocol's WebAuthn
 * domain ({@code WebAuthn.addVirtualAuthenticator}): a platform authenticator (CTAP2, transport
 * "internal") that keeps discoverable credentials and verifies its user, as a phone or laptop with a
 * fingerprint reader does. It serves the tab it was added to, across that tab's navigations.
 *
 * <p>Presence: with automatic presence simulation on, every request is answered at once, as if the user
 * touched the sensor; off, requests wait, as for a user who has not touched it yet. Chromium resolves a
 * conditional (autofill) request by itself about 110 ms after it starts when presence is on and it holds
 * a credential for the site; turning presence on later does not complete a request already pending.
 */
public final class VirtualAuthenticator {
    private final CDPSession cdp;
    private final String id;

    private VirtualAuthenticator(CDPSession cdp, String id) {
        this.cdp = cdp;
        this.id = id;
    }

    /** Adds one to the tab, with automatic presence simulation on or off. */
    public static VirtualAuthenticator addTo(Page page, boolean presence) {
        CDPSession cdp = page.context().newCDPSession(page);
        var enable = new JsonObject();
        enable.addProperty("enableUI", false);
        cdp.send("WebAuthn.enable", enable);
        var options = new JsonObject();
        options.addProperty("protocol", "ctap2");
        options.addProperty("transport", "internal");
        options.addProperty("hasResidentKey", true);
        options.addProperty("hasUserVerification", true);
        options.addProperty("isUserVerified", true);
        options.addProperty("automaticPresenceSimulation", presence);
        var params = new JsonObject();
        params.add("options", options);
        String id = cdp.send("WebAuthn.addVirtualAuthenticator", params).get("authenticatorId").getAsString();
        return new VirtualAuthenticator(cdp, id);
    }

    /** Turns automatic presence simulation on or off for the requests that start from now on. */
    public void presence(boolean on) {
        var params = withId();
        params.addProperty("enabled", on);
        cdp.send("WebAuthn.setAutomaticPresenceSimulation", params);
    }

    /** The credentials it holds (id, rpId, userHandle, signCount, private key). */
    public JsonArray credentials() {
        return cdp.send("WebAuthn.getCredentials", withId()).getAsJsonArray("credentials");
    }

    private JsonObject withId() {
        var params = new JsonObject();
        params.addProperty("authenticatorId", id);
        return params;
    }
}
