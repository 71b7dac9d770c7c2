package carafe.generator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code carafe new resource} on a copy of this project's sources: what it writes, what it refuses and
 * that a refusal writes nothing. Whether the written code builds and passes its tests on both databases
 * is {@link GeneratedResourceTest}'s (slow) question.
 */
class NewResourceTest {
    static final List<String> PROJECTS = List.of("projects", "name:string(120)", "summary:text?", "budget:int?",
            "active:bool", "due:date?", "kickoff:timestamp?");

    @TempDir
    Path project;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    /** What the generator reads: the code, templates, migrations and API document (not the rest of resources). */
    @BeforeEach
    void copyTheSources() throws IOException {
        for (String part : List.of("src/main/java", "src/main/jte", "src/main/resources/db")) {
            copy(Path.of(part), project.resolve(part));
        }
        Files.copy(Path.of("src/main/resources/openapi.json"), project.resolve("src/main/resources/openapi.json"));
        Files.copy(Path.of("pom.xml"), project.resolve("pom.xml"));
    }

    @Test
    void a_resource_is_every_file_of_a_feature_and_one_wiring_line() throws IOException {
        String appBefore = Files.readString(project.resolve(SourceTree.APP));
        int version = SourceTree.at(project).nextMigrationVersion();

        assertThat(run(PROJECTS)).as(err.toString()).isZero();

        var written = List.of("src/main/java/carafe/projects/Project.java",
                "src/main/java/carafe/projects/ProjectRequest.java", "src/main/java/carafe/projects/ProjectPage.java",
                "src/main/java/carafe/projects/ProjectRepository.java", "src/main/java/carafe/projects/Projects.java",
                "src/main/java/carafe/projects/ProjectsApi.java", "src/main/java/carafe/projects/ProjectsPages.java",
                "src/main/java/carafe/projects/ProjectsRoutes.java", "src/main/jte/projects/list.jte",
                "src/main/jte/projects/show.jte", "src/main/jte/projects/_details.jte", "src/main/jte/projects/form.jte",
                "src/main/jte/projects/delete.jte",
                "src/main/resources/db/migration/postgresql/V" + version + "__projects.sql",
                "src/main/resources/db/migration/sqlite/V" + version + "__projects.sql",
                "src/main/resources/openapi/projects.json", "src/test/java/carafe/projects/ProjectsApiTest.java",
                "src/test/java/carafe/projects/ProjectsPagesTest.java");
        for (String file : written) {
            assertThat(project.resolve(file)).as(file).isRegularFile();
            assertThat(out.toString()).contains("created  " + file);
        }
        assertThat(new ObjectMapper().readTree(project.resolve("src/main/resources/openapi/projects.json").toFile())
                .path("paths").has("/api/projects/{id}")).isTrue();

        // App: one line under the marker and two imports in order, nothing else.
        String app = Files.readString(project.resolve(SourceTree.APP));
        String line = "new ProjectsRoutes(new Projects(services.database().dsl(), clock), web).routes(routes);";
        assertThat(app).containsPattern(Pattern.quote(SourceTree.WIRING_MARKER) + ".*\n {12}" + Pattern.quote(line) + "\n");
        assertThat(app.lines().filter(l -> !appBefore.lines().toList().contains(l)).toList())
                .containsExactly("import carafe.projects.Projects;", "import carafe.projects.ProjectsRoutes;", "            " + line);
        var imports = app.lines().filter(l -> l.startsWith("import carafe.")).toList();
        assertThat(imports).isSorted();
        // At most one line says the code was generated.
        try (Stream<Path> files = Files.walk(project.resolve("src/main/java/carafe/projects"))) {
            long mentions = files.filter(Files::isRegularFile).map(NewResourceTest::read)
                    .mapToLong(text -> text.lines().filter(l -> l.contains("carafe new resource")).count()).sum();
            assertThat(mentions).isEqualTo(1);
        }
    }

    @Test
    void a_second_resource_is_wired_after_the_first() throws IOException {
        assertThat(run(PROJECTS)).isZero();

        assertThat(run(List.of("time_entries", "minutes:int", "note:string(200)?"))).as(err.toString()).isZero();

        String app = Files.readString(project.resolve(SourceTree.APP));
        assertThat(app).containsSubsequence("new ProjectsRoutes(", "new TimeEntriesRoutes(new TimeEntries(");
        assertThat(project.resolve("src/main/java/carafe/timeentries/TimeEntry.java")).isRegularFile();
        assertThat(project.resolve("src/main/jte/timeentries/list.jte")).content().contains("href=\"/time-entries/new\"");
        assertThat(project.resolve("src/main/resources/db/migration/sqlite")).isDirectoryContaining(
                file -> file.getFileName().toString().endsWith("__time_entries.sql"));
    }

    @Test
    void running_it_twice_refuses_and_touches_no_file() {
        assertThat(run(PROJECTS)).isZero();
        var before = snapshot();

        assertThat(run(PROJECTS)).isEqualTo(1);

        assertThat(err.toString()).contains("refused, nothing was written")
                .contains("the package carafe.projects (or its templates) exists already");
        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    void one_file_already_there_stops_every_other_file() throws IOException {
        Path fragment = project.resolve("src/main/resources/openapi/projects.json");
        Files.createDirectories(fragment.getParent());
        Files.writeString(fragment, "{}");
        var before = snapshot();

        assertThat(run(PROJECTS)).isEqualTo(1);

        assertThat(err.toString()).contains("src/main/resources/openapi/projects.json exists already");
        assertThat(snapshot()).isEqualTo(before);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            notes    | the package carafe.notes (or its templates) exists already
            notes    | the table notes exists already
            notes    | the address /api/notes is taken by an existing route
            notes    | the API document has path /api/notes, path /api/notes/{id}, schemas Note, schemas NoteInput
            sessions | the table sessions exists already
            metrics  | the address /metrics is taken by an existing route
            docs     | the address /docs is taken by an existing route
            accounts | the API document has schemas Account, operationId getAccount, operationId updateAccount already
            pages    | the class Page would clash with the Page the generated code or the templates use
            contexts | the class Context would clash with the Context the generated code or the templates use
            strings  | the class String would clash with the String the generated code or the templates use
            user_details | the class UserDetail would clash with the UserDetail the generated code or the templates use
            """)
    void names_taken_by_the_project_are_refused(String name, String reason) {
        var before = snapshot();

        assertThat(run(List.of(name, "title:string(100)"))).isEqualTo(1);

        assertThat(err.toString()).contains("resource name " + name + ": " + reason);
        assertThat(snapshot()).isEqualTo(before);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            Projects           | title:text        | resource name Projects: use lower-case letters
            time-entries       | title:text        | resource name time-entries: use lower-case letters
            2projects          | title:text        | resource name 2projects: use lower-case letters
            rows               | title:text        | resource name rows: a reserved word in SQL
            classes            | title:text        | singular class: a reserved word in Java
            people             | title:text        | resource name people: say it in the plural (e.g. projects), or give its singular with --singular
            projects           | name:string(0)    | field name:string(0): string(N) takes N from 1 to 10000 (longer: text)
            projects           | name:string(99999)| field name:string(99999): string(N) takes N from 1 to 10000 (longer: text)
            projects           | name:string       | field name:string: string needs its longest length, e.g. string(200)
            projects           | budget:int(5)     | field budget:int(5): only string takes a length
            projects           | price:float       | field price:float: unknown type float; use string(N), text, int, bool, date or timestamp
            projects           | title             | field title: write name:type
            projects           | Title:text        | field Title:text: use lower-case letters
            projects           | order:int         | field order:int: a reserved word in SQL
            projects           | id:int            | field id:int: every resource has it already
            projects           | owner_id:int      | field owner_id:int: every resource has it already
            projects           | version:int       | field version:int: every resource has it already
            projects           | created_at:date   | field created_at:date: every resource has it already
            projects           | etag:text         | field etag:text: its accessor would clash with the method etag()
            """)
    void bad_names_and_fields_are_refused_saying_why(String name, String field, String reason) {
        var before = snapshot();

        assertThat(run(List.of(name, field))).isEqualTo(1);

        assertThat(err.toString()).contains(reason);
        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    void every_problem_is_reported_at_once() {
        assertThat(run(List.of("projects", "name:text", "name:text", "due:day", "size:int?"))).isEqualTo(1);

        assertThat(err.toString()).contains("field name:text: name is given twice")
                .contains("field due:day: unknown type day");
    }

    @Test
    void a_plural_without_an_s_takes_its_singular_from_the_option() {
        assertThat(run(List.of("people", "--singular", "person", "name:string(100)"))).as(err.toString()).isZero();

        assertThat(project.resolve("src/main/java/carafe/people/Person.java")).isRegularFile();
        assertThat(project.resolve("src/main/java/carafe/people/People.java")).isRegularFile();
    }

    @Test
    void singulars_are_derived_from_english_plurals() {
        assertThat(Names.singularOf("projects")).isEqualTo("project");
        assertThat(Names.singularOf("categories")).isEqualTo("category");
        assertThat(Names.singularOf("addresses")).isEqualTo("address");
        assertThat(Names.singularOf("boxes")).isEqualTo("box");
        assertThat(Names.singularOf("matches")).isEqualTo("match");
        assertThat(Names.singularOf("time_entries")).isEqualTo("time_entry");
        assertThat(Names.singularOf("glass")).isNull();
        assertThat(Names.singularOf("people")).isNull();
    }

    @Test
    void usage_errors_exit_with_2() {
        assertThat(run(List.of())).isEqualTo(2);
        assertThat(run(List.of("projects"))).isEqualTo(2); // no field
        assertThat(run(List.of("projects", "name:text", "--colour", "red"))).isEqualTo(2);
    }

    @Test
    void outside_a_carafe_project_it_refuses() throws IOException {
        Files.delete(project.resolve("pom.xml"));

        assertThat(run(PROJECTS)).isEqualTo(1);

        assertThat(err.toString()).contains("run this from the root folder of a Carafe project");
    }

    @Test
    void an_app_without_the_wiring_marker_is_refused() throws IOException {
        Path app = project.resolve(SourceTree.APP);
        Files.writeString(app, Files.readString(app).replace(SourceTree.WIRING_MARKER, "// (moved)"));
        var before = snapshot();

        assertThat(run(PROJECTS)).isEqualTo(1);

        assertThat(err.toString()).contains("has no line \"" + SourceTree.WIRING_MARKER + "\"");
        assertThat(snapshot()).isEqualTo(before);
    }

    private int run(List<String> arguments) {
        var command = NewCommand.commandLine(project).setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true));
        var args = new ArrayList<String>();
        args.add("resource");
        args.addAll(arguments);
        return command.execute(args.toArray(String[]::new));
    }

    /** Every file under the copy with its content, to show a refusal changed nothing. */
    private Map<String, String> snapshot() {
        try (Stream<Path> files = Files.walk(project)) {
            var contents = new TreeMap<String, String>();
            // Latin-1 reads any bytes, so binary resources compare as well as text.
            files.filter(Files::isRegularFile).forEach(file -> contents.put(project.relativize(file).toString(),
                    new String(bytes(file), StandardCharsets.ISO_8859_1)));
            return contents;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        return new String(bytes(file), StandardCharsets.UTF_8);
    }

    private static byte[] bytes(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path source : files.toList()) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) Files.createDirectories(target);
                else Files.copy(source, target);
            }
        }
    }
}
