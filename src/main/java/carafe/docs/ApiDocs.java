package carafe.docs;

import carafe.auth.Access;
import carafe.web.NotFound;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The API's OpenAPI 3.1 document at {@code /openapi.json} (the hand-written
 * {@code src/main/resources/openapi.json}) and a page at {@code /docs} that shows it with Swagger UI.
 * Carafe serves Swagger UI's files itself, from its webjar, under content-hashed names that cache for
 * a year. The page has no inline script or style, so it works under the strict Content-Security-Policy:
 * Swagger UI starts from our own {@code static/docs-init.js}.
 */
public final class ApiDocs {
    public static final String DOCUMENT_PATH = "/openapi.json";
    public static final String PAGE_PATH = "/docs";
    public static final String ASSETS_PREFIX = "/docs/assets/";

    private static final String WEBJAR = "META-INF/resources/webjars/swagger-ui/";
    private static final String WEBJAR_POM = "META-INF/maven/org.webjars/swagger-ui/pom.properties";
    /** The only webjar files the page uses; nothing else in the jar is reachable. */
    private static final List<String> SWAGGER_UI_FILES =
            List.of("swagger-ui.css", "index.css", "swagger-ui-bundle.js", "favicon-32x32.png");
    private static final String INIT_SCRIPT = "static/docs-init.js";

    private record Asset(byte[] bytes, String contentType) {}

    private final byte[] document;
    private final String documentEtag;
    private final Map<String, Asset> assetsByServedName = new HashMap<>();
    private final Map<String, String> pathsByFile = new HashMap<>();
    private final byte[] page;

    /** Reads the document and Swagger UI's files from the classpath, once; fails fast if one is missing. */
    public ApiDocs() {
        this.document = load(DOCUMENT_PATH.substring(1));
        try {
            new ObjectMapper().readTree(document); // a broken file fails the start, not the first reader
        } catch (IOException e) {
            throw new IllegalStateException("openapi.json is not valid JSON", e);
        }
        this.documentEtag = "\"" + hash(document) + "\"";
        String swaggerUi = WEBJAR + swaggerUiVersion() + "/";
        for (String file : SWAGGER_UI_FILES) add(file, load(swaggerUi + file));
        add("docs-init.js", load(INIT_SCRIPT));
        this.page = page().getBytes(StandardCharsets.UTF_8);
    }

    public void routes(RoutesConfig routes) {
        routes.get(DOCUMENT_PATH, this::document, Access.ANYONE);
        routes.get(PAGE_PATH, this::page, Access.ANYONE);
        routes.get(ASSETS_PREFIX + "{file}", this::asset, Access.ANYONE);
    }

    /** The address a file is served at, e.g. {@code /docs/assets/swagger-ui-bundle.3f9c1e2a7b4d.js}. */
    public String path(String file) {
        String path = pathsByFile.get(file);
        if (path == null) throw new IllegalArgumentException("Unknown docs asset " + file);
        return path;
    }

    private void document(Context ctx) {
        ctx.header("Cache-Control", "no-cache");
        ctx.header("ETag", documentEtag);
        if (matches(ctx.header("If-None-Match"), documentEtag)) {
            ctx.status(304);
            return;
        }
        ctx.contentType("application/json").result(document);
    }

    private void page(Context ctx) {
        ctx.header("Cache-Control", "no-cache");
        ctx.contentType("text/html; charset=utf-8").result(page);
    }

    private void asset(Context ctx) {
        Asset asset = assetsByServedName.get(ctx.pathParam("file"));
        if (asset == null) throw new NotFound("No such file.");
        ctx.header("Cache-Control", "public, max-age=31536000, immutable");
        ctx.contentType(asset.contentType()).result(asset.bytes());
    }

    /** Whether an If-None-Match header names this ETag (weak comparison, lists and "*" included). */
    private static boolean matches(String ifNoneMatch, String etag) {
        if (ifNoneMatch == null) return false;
        for (String candidate : ifNoneMatch.split(",")) {
            String tag = candidate.strip();
            if (tag.startsWith("W/")) tag = tag.substring(2);
            if (tag.equals("*") || tag.equals(etag)) return true;
        }
        return false;
    }

    private String page() {
        return """
                <!DOCTYPE html>
                <html lang="en">
                <head>
                  <meta charset="utf-8">
                  <meta name="viewport" content="width=device-width, initial-scale=1">
                  <title>API · Carafe</title>
                  <link rel="icon" type="image/png" href="%s">
                  <link rel="stylesheet" href="%s">
                  <link rel="stylesheet" href="%s">
                </head>
                <body>
                  <div id="swagger-ui" data-url="%s"></div>
                  <noscript><p>This page needs JavaScript. The API document itself is at <a href="%4$s">%4$s</a>.</p></noscript>
                  <script src="%s"></script>
                  <script src="%s"></script>
                </body>
                </html>
                """.formatted(path("favicon-32x32.png"), path("swagger-ui.css"), path("index.css"), DOCUMENT_PATH,
                path("swagger-ui-bundle.js"), path("docs-init.js"));
    }

    private void add(String file, byte[] bytes) {
        int dot = file.lastIndexOf('.');
        String served = file.substring(0, dot) + "." + hash(bytes).substring(0, 12) + file.substring(dot);
        assetsByServedName.put(served, new Asset(bytes, contentType(file)));
        pathsByFile.put(file, ASSETS_PREFIX + served);
    }

    /** The webjar's version, from its own Maven metadata, so a version bump in the pom is all it takes. */
    private static String swaggerUiVersion() {
        var properties = new Properties();
        try (InputStream in = ApiDocs.class.getClassLoader().getResourceAsStream(WEBJAR_POM)) {
            if (in == null) throw new IllegalStateException("The swagger-ui webjar is missing from the classpath");
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties.getProperty("version");
    }

    private static byte[] load(String resource) {
        try (InputStream in = ApiDocs.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) throw new IllegalStateException("Missing resource " + resource);
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String hash(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private static String contentType(String file) {
        if (file.endsWith(".css")) return "text/css; charset=utf-8";
        if (file.endsWith(".js")) return "text/javascript; charset=utf-8";
        if (file.endsWith(".png")) return "image/png";
        return "application/octet-stream";
    }
}
