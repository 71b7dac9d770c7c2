package carafe.docs;

import carafe.auth.Access;
import carafe.web.NotFound;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * The API's OpenAPI 3.1 document at {@code /openapi.json} (the hand-written
 * {@code src/main/resources/openapi.json}, with each feature's fragment in {@code openapi/*.json} merged
 * in: decision 0024) and a page at {@code /docs} that shows it with Swagger UI.
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
    /** Where features keep their part of the document, e.g. {@code openapi/projects.json}. */
    static final String FRAGMENTS = "openapi/";
    /** What a fragment may add: operations, tags and components, never the document's info or security. */
    private static final Set<String> FRAGMENT_PARTS = Set.of("paths", "tags", "components");

    private record Asset(byte[] bytes, String contentType) {}

    private final byte[] document;
    private final String documentEtag;
    private final Map<String, Asset> assetsByServedName = new HashMap<>();
    private final Map<String, String> pathsByFile = new HashMap<>();
    private final byte[] page;

    /**
     * Reads the document, its fragments and Swagger UI's files from the classpath, once; fails fast if one
     * is missing, is not valid JSON, or a fragment describes again what the document or another fragment
     * already does.
     */
    public ApiDocs() {
        var mapper = new ObjectMapper();
        ObjectNode merged = readObject(mapper, DOCUMENT_PATH.substring(1));
        for (String fragment : fragments()) merge(merged, fragment, readObject(mapper, fragment));
        try {
            this.document = mapper.writerWithDefaultPrettyPrinter().writeValueAsBytes(merged);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
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

    /**
     * Adds one fragment's paths, tags and components to the document. A name the document already has is
     * refused, so a fragment never silently replaces an operation or a schema.
     */
    static void merge(ObjectNode document, String fragmentName, ObjectNode fragment) {
        for (var entry : fragment.properties()) {
            String part = entry.getKey();
            if (!FRAGMENT_PARTS.contains(part)) {
                throw new IllegalStateException(fragmentName + ": a fragment adds paths, tags and components only, not " + part);
            }
        }
        addAll(document.withObjectProperty("paths"), fragment.path("paths"), fragmentName, "paths");
        for (var section : fragment.path("components").properties()) {
            addAll(document.withObjectProperty("components").withObjectProperty(section.getKey()), section.getValue(),
                    fragmentName, "components." + section.getKey());
        }
        ArrayNode tags = document.withArrayProperty("tags");
        for (JsonNode tag : fragment.path("tags")) {
            for (JsonNode existing : tags) {
                if (existing.path("name").equals(tag.path("name"))) {
                    throw new IllegalStateException(fragmentName + ": tag " + tag.path("name").asText() + " is already described");
                }
            }
            tags.add(tag);
        }
    }

    private static void addAll(ObjectNode into, JsonNode from, String fragmentName, String where) {
        for (var entry : from.properties()) {
            if (into.has(entry.getKey())) {
                throw new IllegalStateException(fragmentName + ": " + where + " " + entry.getKey() + " is already described");
            }
            into.set(entry.getKey(), entry.getValue());
        }
    }

    /**
     * The fragments, in name order: files under {@code openapi/} beside this class, in the jar or, when
     * run from the build, in {@code target/classes}. A classpath has no way to list a folder, so the
     * folder or jar this class came from is read directly.
     */
    private static List<String> fragments() {
        try {
            Path source = Path.of(ApiDocs.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (Files.isDirectory(source)) {
                Path folder = source.resolve(FRAGMENTS);
                if (!Files.isDirectory(folder)) return List.of();
                try (Stream<Path> files = Files.list(folder)) {
                    return files.map(file -> FRAGMENTS + file.getFileName()).filter(ApiDocs::isFragment).sorted().toList();
                }
            }
            try (var jar = new JarFile(source.toFile())) {
                return jar.stream().map(JarEntry::getName).filter(ApiDocs::isFragment).sorted().toList();
            }
        } catch (IOException | URISyntaxException e) {
            throw new IllegalStateException("Cannot list the API document's fragments", e);
        }
    }

    private static boolean isFragment(String name) {
        return name.startsWith(FRAGMENTS) && name.endsWith(".json") && name.indexOf('/', FRAGMENTS.length()) < 0;
    }

    /** A JSON object from the classpath; a broken file fails the start, not the first reader. */
    private static ObjectNode readObject(ObjectMapper mapper, String resource) {
        try {
            if (mapper.readTree(load(resource)) instanceof ObjectNode object) return object;
        } catch (IOException e) {
            throw new IllegalStateException(resource + " is not valid JSON", e);
        }
        throw new IllegalStateException(resource + " is not a JSON object");
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
