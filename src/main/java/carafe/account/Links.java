package carafe.account;

import java.net.URI;

/** The absolute addresses put in mails, from CARAFE_BASE_URL (mails are read outside any request). */
public final class Links {
    private final URI baseUrl;

    public Links(URI baseUrl) {
        this.baseUrl = baseUrl;
    }

    public URI confirm(String token) {
        return baseUrl.resolve("/confirm/" + token);
    }

    public URI reset(String token) {
        return baseUrl.resolve("/reset/" + token);
    }
}
