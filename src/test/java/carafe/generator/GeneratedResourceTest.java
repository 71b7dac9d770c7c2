package carafe.generator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import carafe.support.Client;
import carafe.support.Json;
import carafe.support.Response;
import carafe.support.TestDatabase;
import carafe.web.Expected;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code carafe new resource projects} with every field type, on a copy of this project: the copy builds
 * (offline, from the local Maven repository), passes the generated tests, the API document's and the
 * migrations' on SQLite and PostgreSQL, and its jar serves the projects over HTTP as promised.
 *
 * <p>One build of the copy takes about two minutes, so this runs once, in the suite's SQLite run; the
 * copy's own build runs its tests on both databases. Without PostgreSQL (or Redis) the copy's PostgreSQL
 * run skips, as the suite's does, and under {@code CI=true} it fails.
 */
class GeneratedResourceTest {
    /** The generated tests and those the new resource touches: the API document (its lint too) and the migrations. */
    private static final String TESTS = "ProjectsApiTest,ProjectsPagesTest,OpenApiTest,OpenApiLintTest,MigrationsTest";
    private static final Duration BUILD_LIMIT = Duration.ofMinutes(20);

    @TempDir
    static Path copy;

    private static Process server;
    private static String base;

    @BeforeAll
    static void generateBuildAndServe() throws Exception {
        Assumptions.assumeFalse(TestDatabase.isPostgres(),
                "runs once, in the SQLite run: the copy's build tests the generated code on both databases");
        for (String part : List.of("src", ".mvn")) NewResourceTest.copy(Path.of(part), copy.resolve(part));
        Files.copy(Path.of("pom.xml"), copy.resolve("pom.xml"));
        Files.copy(Path.of("mvnw"), copy.resolve("mvnw"));

        var generator = new ArrayList<>(List.of(java(), "-cp", System.getProperty("java.class.path"), "carafe.app.Main",
                "new", "resource"));
        generator.addAll(NewResourceTest.PROJECTS);
        run(generator, "generate.log", Duration.ofMinutes(2));

        run(List.of("./mvnw", "-o", "-B", "-ntp", "-q", "verify", "-Dtest=" + TESTS,
                "-Dsurefire.failIfNoSpecifiedTests=false"), "build.log", BUILD_LIMIT);

        server = serve();
    }

    @AfterAll
    static void stopServing() throws InterruptedException {
        if (server == null) return;
        server.destroy(); // SIGTERM: the server drains and stops
        if (!server.waitFor(30, TimeUnit.SECONDS)) server.destroyForcibly();
    }

    @Test
    void the_generated_tests_pass_on_both_databases() throws IOException {
        for (String test : List.of("carafe.projects.ProjectsApiTest", "carafe.projects.ProjectsPagesTest",
                "carafe.docs.OpenApiTest", "carafe.docs.OpenApiLintTest", "carafe.db.MigrationsTest")) {
            var sqlite = report(test, "sqlite");
            assertThat(sqlite.run()).as(test + " on SQLite").isPositive();
            assertThat(sqlite.failed()).as(test + " on SQLite").isZero();
            assertThat(sqlite.skipped()).as(test + " on SQLite").isZero();
            var postgres = report(test, "postgresql");
            assertThat(postgres.run()).as(test + " on PostgreSQL").isPositive();
            assertThat(postgres.failed()).as(test + " on PostgreSQL").isZero();
            if (postgres.skipped() > 0) {
                System.out.println(test + ": " + postgres.skipped() + " skipped on PostgreSQL (not reachable here)");
            }
        }
    }

    @Test
    void create_read_replace_and_delete_with_etags() {
        var client = signUp("walker");

        var created = client.postJson("/api/projects", json(valid()));
        assertThat(created.status()).isEqualTo(201);
        long id = created.json().path("id").asLong();
        assertThat(created.header("Location")).isEqualTo("/api/projects/" + id);
        assertThat(created.header("ETag")).isEqualTo("\"1\"");
        assertSays(created.json(), valid());

        var read = client.get("/api/projects/" + id);
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.json()).isEqualTo(created.json());
        assertThat(client.get("/api/projects/" + id, "If-None-Match", read.header("ETag")).status()).isEqualTo(304);

        var changed = new LinkedHashMap<>(valid());
        changed.put("name", "Renamed");
        changed.put("summary", null);
        changed.put("active", false);
        var replaced = replace(client, id, "\"1\"", changed);
        assertThat(replaced.status()).isEqualTo(200);
        assertThat(replaced.header("ETag")).isEqualTo("\"2\"");
        assertSays(replaced.json(), changed);

        assertThat(client.delete("/api/projects/" + id).status()).isEqualTo(204);
        assertThat(client.get("/api/projects/" + id).status()).isEqualTo(404);
    }

    @Test
    void a_replace_needs_if_match_and_a_stale_one_changes_nothing() {
        var client = signUp("if-match");
        long id = client.postJson("/api/projects", json(valid())).json().path("id").asLong();

        assertThat(replace(client, id, null, valid()).status()).isEqualTo(428);
        assertThat(replace(client, id, "\"1\"", valid()).status()).isEqualTo(200);
        assertThat(replace(client, id, "\"1\"", valid()).status()).isEqualTo(412);
        assertThat(client.get("/api/projects/" + id).json().path("version").asInt()).isEqualTo(2);
    }

    @Test
    void each_bad_field_is_422_naming_it() {
        var client = signUp("bad-fields");
        var cases = new LinkedHashMap<String, List<Object>>();
        cases.put("name", List.of("x".repeat(121), "must be at most 120 characters"));
        cases.put("summary", List.of("x".repeat(100_001), "must be at most 100000 characters"));
        cases.put("budget", List.of("a lot", Expected.WHOLE_NUMBER));
        cases.put("active", List.of("maybe", Expected.YES_OR_NO));
        cases.put("due", List.of("2026-02-30", Expected.DATE));
        cases.put("kickoff", List.of("next week", Expected.TIME));

        cases.forEach((field, bad) -> {
            var fields = new LinkedHashMap<>(valid());
            fields.put(field, bad.get(0));
            assertRefused(client.postJson("/api/projects", json(fields)), field, (String) bad.get(1));
        });
        for (String required : List.of("name", "active")) {
            var fields = new LinkedHashMap<>(valid());
            fields.remove(required);
            assertRefused(client.postJson("/api/projects", json(fields)), required, "is required");
        }
        assertThat(client.get("/api/projects").json().path("items")).isEmpty();
    }

    @Test
    void cursor_pages_return_every_project_once_newest_first() {
        var client = signUp("pager");
        var created = new ArrayList<Long>();
        for (int i = 0; i < 25; i++) created.add(0, client.postJson("/api/projects", json(valid())).json().path("id").asLong());

        var seen = new ArrayList<Long>();
        String cursor = null;
        int pages = 0;
        do {
            var page = client.get("/api/projects?limit=10" + (cursor == null ? "" : "&cursor=" + cursor));
            assertThat(page.status()).isEqualTo(200);
            page.json().path("items").forEach(item -> seen.add(item.path("id").asLong()));
            cursor = page.json().path("nextCursor").isNull() ? null : page.json().path("nextCursor").asText();
            pages++;
        } while (cursor != null);

        assertThat(pages).isEqualTo(3);
        assertThat(seen).containsExactlyElementsOf(created);
        assertThat(new HashSet<>(seen)).hasSize(25);
    }

    @Test
    void another_users_project_is_404_and_unchanged() {
        var owner = signUp("owner");
        var intruder = signUp("intruder");
        long id = owner.postJson("/api/projects", json(valid())).json().path("id").asLong();

        assertThat(intruder.get("/api/projects/" + id).status()).isEqualTo(404);
        assertThat(replace(intruder, id, "\"1\"", valid()).status()).isEqualTo(404);
        assertThat(intruder.delete("/api/projects/" + id).status()).isEqualTo(404);
        assertThat(intruder.get("/projects/" + id, "Accept", "text/html").status()).isEqualTo(404);
        assertThat(owner.get("/api/projects/" + id).json().path("version").asInt()).isEqualTo(1);
    }

    @Test
    void the_api_document_describes_the_projects_as_served() {
        var client = signUp("reader");
        var project = client.postJson("/api/projects", json(valid())).json();

        JsonNode document = client.get("/openapi.json").json();

        assertThat(document.path("paths").has("/api/projects")).isTrue();
        assertThat(document.path("paths").has("/api/projects/{id}")).isTrue();
        assertThat(document.path("paths").has("/api/notes")).isTrue();
        var documented = document.path("components").path("schemas").path("Project").path("properties").properties()
                .stream().map(Map.Entry::getKey).toList();
        var served = project.properties().stream().map(Map.Entry::getKey).toList();
        assertThat(served).containsExactlyInAnyOrderElementsOf(documented);
    }

    @Test
    void the_pages_list_and_show_a_project() {
        var client = signUp("browser");
        long id = client.postJson("/api/projects", json(valid())).json().path("id").asLong();

        var list = client.get("/projects", "Accept", "text/html");
        var shown = client.get("/projects/" + id, "Accept", "text/html");

        assertThat(list.status()).isEqualTo(200);
        assertThat(list.body()).contains("<a href=\"/projects/" + id + "\">Harbour bridge</a>");
        assertThat(shown.status()).isEqualTo(200);
        assertThat(shown.body()).contains("<h1>Harbour bridge</h1>", ">1 Mar 2026<", ">1 Mar 2026, 09:30 UTC<");
    }

    // ---- helpers ----

    private static Map<String, Object> valid() {
        var fields = new LinkedHashMap<String, Object>();
        fields.put("name", "Harbour bridge");
        fields.put("summary", "A bridge <b>over</b> the harbour");
        fields.put("budget", 1_200_000);
        fields.put("active", true);
        fields.put("due", "2026-03-01");
        fields.put("kickoff", "2026-03-01T09:30:00Z");
        return fields;
    }

    private static Client signUp(String who) {
        var client = new Client(base);
        String email = who + "-" + System.nanoTime() + "@example.com";
        var response = client.register(email, who, "a long passphrase 42");
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        return client;
    }

    private static Response replace(Client client, long id, String ifMatch, Map<String, Object> fields) {
        return ifMatch == null
                ? client.send("PUT", "/api/projects/" + id, "application/json", json(fields), "X-CSRF-Token", client.csrfToken())
                : client.send("PUT", "/api/projects/" + id, "application/json", json(fields),
                        "X-CSRF-Token", client.csrfToken(), "If-Match", ifMatch);
    }

    private static void assertRefused(Response response, String field, String message) {
        assertThat(response.status()).as(field).isEqualTo(422);
        assertThat(response.json().path("errors").get(0).path("field").asText()).as(field).isEqualTo(field);
        assertThat(response.json().path("errors").get(0).path("message").asText()).as(field).isEqualTo(message);
    }

    private static void assertSays(JsonNode project, Map<String, Object> fields) {
        fields.forEach((field, value) -> {
            if (value == null) assertThat(project.path(field).isNull()).as(field).isTrue();
            else assertThat(project.path(field).asText()).as(field).isEqualTo(value.toString());
        });
    }

    private static String json(Map<String, Object> fields) {
        var keysAndValues = new ArrayList<Object>();
        fields.forEach((key, value) -> {
            keysAndValues.add(key);
            keysAndValues.add(value);
        });
        return Json.object(keysAndValues.toArray());
    }

    private record Report(int run, int failed, int skipped) {}

    /** The counts of one test class's run in the copy, from surefire's report. */
    private static Report report(String test, String database) throws IOException {
        Path file = copy.resolve("target/surefire-reports/" + test + "-" + database + ".txt");
        assertThat(file).as("the copy ran " + test + " on " + database).exists();
        Matcher counts = Pattern.compile("Tests run: (\\d+), Failures: (\\d+), Errors: (\\d+), Skipped: (\\d+)")
                .matcher(Files.readString(file));
        assertThat(counts.find()).as(file.toString()).isTrue();
        return new Report(Integer.parseInt(counts.group(1)),
                Integer.parseInt(counts.group(2)) + Integer.parseInt(counts.group(3)), Integer.parseInt(counts.group(4)));
    }

    /** Runs a command in the copy, its output in a log file there; fails the test, showing the log's end, unless it exits 0. */
    private static void run(List<String> command, String log, Duration limit) throws IOException, InterruptedException {
        Path output = copy.resolve(log);
        var builder = new ProcessBuilder(command).directory(copy.toFile()).redirectErrorStream(true)
                .redirectOutput(output.toFile());
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Instant started = Instant.now();
        Process process = builder.start();
        if (!process.waitFor(limit.toSeconds(), TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            fail(String.join(" ", command) + " took longer than " + limit + ":\n" + tail(output));
        }
        System.out.println(log + ": " + Duration.between(started, Instant.now()).toSeconds() + " s");
        if (process.exitValue() != 0) fail(String.join(" ", command) + " exited " + process.exitValue() + ":\n" + tail(output));
    }

    /** The copy's jar, serving on a free port of 127.0.0.1 with a fresh SQLite database. */
    private static Process serve() throws IOException, InterruptedException {
        Path log = copy.resolve("serve.log");
        var builder = new ProcessBuilder(java(), "-Xmx256m", "-XX:+UseSerialGC", "--enable-native-access=ALL-UNNAMED",
                "-jar", copy.resolve("target/carafe.jar").toString(), "serve")
                .directory(copy.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        var environment = builder.environment();
        environment.keySet().removeIf(name -> name.startsWith("CARAFE_"));
        environment.put("CARAFE_HOST", "127.0.0.1");
        environment.put("CARAFE_PORT", "0");
        environment.put("CARAFE_DATA_DIR", copy.resolve("data").toString());
        environment.put("CARAFE_LIMIT_REGISTER_IP", "1000/1h");
        Process process = builder.start();
        Pattern serving = Pattern.compile("Carafe is serving .* on port (\\d+)");
        for (int i = 0; i < 600 && process.isAlive(); i++) {
            Matcher matcher = serving.matcher(Files.readString(log));
            if (matcher.find()) {
                base = "http://127.0.0.1:" + matcher.group(1);
                return process;
            }
            Thread.sleep(100);
        }
        process.destroyForcibly();
        return fail("The copy's jar did not start:\n" + tail(log));
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static String tail(Path log) {
        try {
            var lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 80), lines.size()));
        } catch (IOException e) {
            return "(no output: " + e.getMessage() + ")";
        }
    }
}
