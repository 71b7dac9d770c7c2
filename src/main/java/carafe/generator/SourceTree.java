package carafe.generator;

import carafe.db.Migrations;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The project's source tree, as the generator needs to know it: the names already taken by packages,
 * tables, addresses and the API document, the next migration version, and where {@code App} wires
 * features. Read from the files, so it sees what a developer added by hand too.
 */
final class SourceTree {
    static final Path MAIN_JAVA = Path.of("src/main/java/carafe");
    static final Path TEST_JAVA = Path.of("src/test/java/carafe");
    static final Path TEMPLATES = Path.of("src/main/jte");
    static final Path MIGRATIONS = Migrations.SOURCE_FOLDER;
    static final Path API_DOCUMENT = Path.of("src/main/resources/openapi.json");
    static final Path API_FRAGMENTS = Path.of("src/main/resources/openapi");
    static final Path APP = Path.of("src/main/java/carafe/app/App.java");

    /** The line in {@code App} under which generated resources are wired, one line each. */
    static final String WIRING_MARKER = "// Resources made by `./carafe new resource`, one line each";
    /** A package that holds no source file of ours but is taken: JTE's generated classes ({@code carafe.templates}). */
    private static final Set<String> GENERATED_PACKAGES = Set.of("templates");
    /** First segments of addresses that nothing registers by a literal but that must stay free. */
    private static final Set<String> RESERVED_PATHS = Set.of("api", "static", "docs", "metrics", "health", "openapi.json");

    private static final Pattern CREATE_TABLE = Pattern.compile("(?i)create\\s+table\\s+(?:if\\s+not\\s+exists\\s+)?(\\w+)");
    private static final Pattern PATH_LITERAL = Pattern.compile("\"/([a-z0-9._-]+)(?:/([a-z0-9._-]+))?");

    private final Path root;

    private SourceTree(Path root) {
        this.root = root;
    }

    /** The tree at {@code root}, which must be a Carafe project's root folder. */
    static SourceTree at(Path root) {
        for (Path required : List.of(Path.of("pom.xml"), APP, API_DOCUMENT, TEMPLATES, MIGRATIONS.resolve("sqlite"),
                MIGRATIONS.resolve("postgresql"))) {
            if (!Files.exists(root.resolve(required))) {
                throw new Refused("no " + required + " in " + root.toAbsolutePath().normalize()
                        + ": run this from the root folder of a Carafe project");
            }
        }
        return new SourceTree(root);
    }

    Path root() {
        return root;
    }

    Path resolve(Path relative) {
        return root.resolve(relative);
    }

    int nextMigrationVersion() {
        return Migrations.nextVersion(root.resolve(MIGRATIONS));
    }

    /** Every way the new resource would collide with what the project has; empty when it fits. */
    List<String> clashesWith(ResourceModel resource) {
        var clashes = new ArrayList<String>();
        String name = resource.spec().plural().snake();
        String pkg = resource.packageName();
        if (GENERATED_PACKAGES.contains(pkg) || Files.exists(root.resolve(MAIN_JAVA).resolve(pkg))
                || Files.exists(root.resolve(TEST_JAVA).resolve(pkg)) || Files.exists(root.resolve(TEMPLATES).resolve(pkg))) {
            clashes.add("resource name " + name + ": the package carafe." + pkg + " (or its templates) exists already");
        }
        String table = tables().get(resource.table());
        if (table != null) clashes.add("resource name " + name + ": the table " + resource.table() + " exists already (" + table + ")");
        var paths = pathSegments();
        if (paths.pages().contains(resource.path()) || RESERVED_PATHS.contains(resource.path())) {
            clashes.add("resource name " + name + ": the address /" + resource.path() + " is taken by an existing route");
        }
        if (paths.api().contains(resource.path())) {
            clashes.add("resource name " + name + ": the address /api/" + resource.path() + " is taken by an existing route");
        }
        clashes.addAll(apiDocumentClashes(resource));
        return clashes;
    }

    /** The names the resource adds to the API document that the document or a fragment has already, in one line. */
    private List<String> apiDocumentClashes(ResourceModel resource) {
        var taken = new TreeSet<String>();
        var documents = new ArrayList<Path>();
        documents.add(root.resolve(API_DOCUMENT));
        if (Files.isDirectory(root.resolve(API_FRAGMENTS))) {
            try (Stream<Path> files = Files.list(root.resolve(API_FRAGMENTS))) {
                files.filter(file -> file.toString().endsWith(".json")).sorted().forEach(documents::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        var mapper = new ObjectMapper();
        for (Path document : documents) {
            JsonNode json;
            try {
                json = mapper.readTree(document.toFile());
            } catch (IOException e) {
                throw new Refused(root.relativize(document) + " is not valid JSON; fix it first (" + e.getMessage() + ")");
            }
            for (var path : json.path("paths").properties()) {
                taken.add("path " + path.getKey());
                for (JsonNode operation : path.getValue()) {
                    if (operation.has("operationId")) taken.add("operationId " + operation.path("operationId").asText());
                }
            }
            for (var section : json.path("components").properties()) {
                for (var component : section.getValue().properties()) taken.add(section.getKey() + " " + component.getKey());
            }
            for (JsonNode tag : json.path("tags")) taken.add("tag " + tag.path("name").asText());
        }
        String api = "/api/" + resource.path();
        var clashes = List.of("path " + api, "path " + api + "/{id}", "schemas " + resource.type(),
                "schemas " + resource.type() + "Input", "schemas " + resource.type() + "Page",
                "parameters " + resource.type() + "Id", "tag " + resource.path(),
                "operationId list" + resource.types(), "operationId create" + resource.type(),
                "operationId get" + resource.type(), "operationId update" + resource.type(),
                "operationId delete" + resource.type()).stream().filter(taken::contains).toList();
        if (clashes.isEmpty()) return List.of();
        return List.of("resource name " + resource.spec().plural().snake() + ": the API document has "
                + String.join(", ", clashes) + " already");
    }

    /** The simple names of the types the templates import: JTE's generated facade imports every one of them. */
    Set<String> templateImports() {
        var names = new TreeSet<String>();
        try (Stream<Path> files = Files.walk(root.resolve(TEMPLATES))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".jte")).toList()) {
                Matcher matcher = ResourceGenerator.IMPORT.matcher(Files.readString(file));
                while (matcher.find()) names.add(matcher.group(2));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return names;
    }

    /** Tables the migrations create, each with the file that creates it. */
    private Map<String, String> tables() {
        var tables = new HashMap<String, String>();
        tables.put("flyway_schema_history", "Flyway's own");
        try (Stream<Path> files = Files.walk(root.resolve(MIGRATIONS))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".sql")).toList()) {
                Matcher matcher = CREATE_TABLE.matcher(Files.readString(file));
                while (matcher.find()) tables.putIfAbsent(matcher.group(1).toLowerCase(Locale.ROOT), file.getFileName().toString());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return tables;
    }

    /** First segments of the pages' addresses ({@code /notes}) and of the API's ({@code /api/notes}). */
    private record PathSegments(Set<String> pages, Set<String> api) {}

    /**
     * The addresses the code registers, from every path literal in the main sources: routes are
     * registered with literals ("/api/notes/{id}") or constants holding them ("/static/").
     */
    private PathSegments pathSegments() {
        var pages = new TreeSet<String>();
        var api = new TreeSet<String>();
        try (Stream<Path> files = Files.walk(root.resolve(MAIN_JAVA))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                Matcher matcher = PATH_LITERAL.matcher(Files.readString(file));
                while (matcher.find()) {
                    pages.add(matcher.group(1));
                    if ("api".equals(matcher.group(1)) && matcher.group(2) != null) api.add(matcher.group(2));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new PathSegments(pages, api);
    }
}
