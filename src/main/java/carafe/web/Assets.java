package carafe.web;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Static files under content-hashed names ({@code app.3f9c1e2a7b4d.css}): a changed file gets a new
 * name, so the old one can be cached for a year without ever going stale.
 */
public final class Assets {
    public static final String PREFIX = "/static/";
    private static final List<String> FILES = List.of("app.css", "passkeys.js");

    private record Asset(byte[] bytes, String contentType) {}

    private final Map<String, String> fingerprinted = new HashMap<>();
    private final Map<String, Asset> byServedName = new HashMap<>();

    public Assets() {
        for (String file : FILES) {
            byte[] bytes = load(file);
            int dot = file.lastIndexOf('.');
            String served = file.substring(0, dot) + "." + fingerprint(bytes) + file.substring(dot);
            fingerprinted.put(file, PREFIX + served);
            byServedName.put(served, new Asset(bytes, contentType(file)));
        }
    }

    /** The address to link, e.g. {@code /static/app.3f9c1e2a7b4d.css}. */
    public String path(String file) {
        String path = fingerprinted.get(file);
        if (path == null) throw new IllegalArgumentException("Unknown asset " + file);
        return path;
    }

    /** Serves {@code /static/{file}}: only fingerprinted names exist. */
    public void serve(Context ctx) {
        Asset asset = byServedName.get(ctx.pathParam("file"));
        if (asset == null) throw new NotFound("No such file.");
        ctx.header("Cache-Control", "public, max-age=31536000, immutable");
        ctx.contentType(asset.contentType()).result(asset.bytes());
    }

    private static byte[] load(String file) {
        try (InputStream in = Assets.class.getResourceAsStream("/static/" + file)) {
            if (in == null) throw new IllegalStateException("Missing static file " + file);
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String fingerprint(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String contentType(String file) {
        if (file.endsWith(".css")) return "text/css; charset=utf-8";
        if (file.endsWith(".js")) return "text/javascript; charset=utf-8";
        if (file.endsWith(".svg")) return "image/svg+xml";
        return "application/octet-stream";
    }
}
