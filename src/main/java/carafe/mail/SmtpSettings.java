package carafe.mail;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Where and how to send mail, read from CARAFE_SMTP_URL:
 * {@code smtp://user:password@host:port} (STARTTLS whenever the server offers it; add
 * {@code ?starttls=required} to refuse a server that does not) or {@code smtps://user:password@host:port}
 * (TLS from the first byte). User and password are URL-encoded; both may be left out.
 *
 * @param implicitTls smtps: TLS from the start of the connection
 * @param requireStartTls smtp with {@code ?starttls=required}: never send in the clear
 * @param user null when the server takes mail without authentication
 */
public record SmtpSettings(boolean implicitTls, String host, int port, String user, String password,
                           boolean requireStartTls) {
    public static final int SMTP_PORT = 25;
    public static final int SMTPS_PORT = 465;

    /** Parses CARAFE_SMTP_URL; the exception's message says what is wrong without repeating the password. */
    public static SmtpSettings parse(String url) {
        URI uri;
        try {
            uri = new URI(url.strip());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("it is not a valid URL; URL-encode special characters in the user "
                    + "and password (e.g. @ as %40, / as %2F, : as %3A)");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("smtp") && !scheme.equals("smtps")) {
            throw new IllegalArgumentException("it must start with smtp:// or smtps://");
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("it must name the server, e.g. smtp://user:password@mail.example.com:587 "
                    + "(URL-encode an @ in the user or password as %40)");
        }
        if (uri.getRawPath() != null && !uri.getRawPath().isEmpty() && !uri.getRawPath().equals("/")) {
            throw new IllegalArgumentException("it has no path after host:port");
        }
        boolean implicitTls = scheme.equals("smtps");
        boolean requireStartTls = requiresStartTls(uri.getRawQuery(), implicitTls);
        String user = null;
        String password = null;
        if (uri.getRawUserInfo() != null) {
            String raw = uri.getRawUserInfo();
            int colon = raw.indexOf(':');
            user = decode(colon < 0 ? raw : raw.substring(0, colon));
            password = colon < 0 ? "" : decode(raw.substring(colon + 1));
            if (user.isEmpty()) throw new IllegalArgumentException("its user name is empty");
        }
        int port = uri.getPort() != -1 ? uri.getPort() : implicitTls ? SMTPS_PORT : SMTP_PORT;
        return new SmtpSettings(implicitTls, uri.getHost(), port, user, password, requireStartTls);
    }

    /** The Jakarta Mail protocol name: smtp or smtps. */
    public String protocol() {
        return implicitTls ? "smtps" : "smtp";
    }

    public boolean authenticates() {
        return user != null;
    }

    /** Never shows the password (settings end up in logs and error messages). */
    @Override
    public String toString() {
        return protocol() + "://" + (user == null ? "" : user + ":***@") + host + ":" + port
                + (requireStartTls ? "?starttls=required" : "");
    }

    private static boolean requiresStartTls(String query, boolean implicitTls) {
        if (query == null || query.isEmpty()) return false;
        if (!query.equalsIgnoreCase("starttls=required")) {
            throw new IllegalArgumentException("the only option it takes is ?starttls=required");
        }
        if (implicitTls) {
            throw new IllegalArgumentException("?starttls=required is for smtp://; smtps:// is encrypted from the start");
        }
        return true;
    }

    /** Percent-decoding as in a URL's user info, where "+" is a plus sign, not a space. */
    private static String decode(String raw) {
        try {
            return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("its user or password has a broken %-escape");
        }
    }
}
