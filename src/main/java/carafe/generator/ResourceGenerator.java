package carafe.generator;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.MustacheFactory;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes a resource's files from the templates in {@code src/main/resources/generator/resource} and wires
 * it into {@code App}. Everything is rendered and checked first; if any file exists already, or a name
 * clashes, nothing is written at all.
 */
final class ResourceGenerator {
    private static final String TEMPLATES = "generator/resource";
    /** An import of a Java file or a JTE template: its package and simple name. */
    static final Pattern IMPORT = Pattern.compile("(?m)^@?import (?:static )?([\\w.]+)\\.(\\w+);?$");
    /** Classes every Java file sees without an import; a generated class of that name would hide them. */
    private static final Set<String> JAVA_LANG = Set.of("Object", "String", "Integer", "Long", "Boolean", "Character",
            "Byte", "Short", "Float", "Double", "Number", "Math", "System", "Record", "Enum", "Class", "Void",
            "Iterable", "Runnable", "Thread", "Exception", "Error", "Override", "Deprecated", "Process", "Runtime",
            "Module", "Package", "Comparable", "Cloneable", "StringBuilder", "Throwable", "SafeVarargs");

    private final SourceTree tree;
    private final MustacheFactory mustache = new DefaultMustacheFactory(TEMPLATES) {
        @Override
        public void encode(String value, Writer writer) {
            // Code, not HTML: values go out as they are (the generated templates do their own escaping).
            try {
                writer.write(value);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    };

    ResourceGenerator(SourceTree tree) {
        this.tree = tree;
    }

    /** What was written: the new files, then the changed {@code App}. */
    record Result(List<Path> created, Path wired, String wiringLine) {}

    Result generate(ResourceSpec spec) {
        var model = new ResourceModel(spec, tree.nextMigrationVersion());
        var problems = new ArrayList<>(tree.clashesWith(model));
        if (!problems.isEmpty()) throw new Refused(problems);

        Map<Path, String> files = new LinkedHashMap<>();
        outputs(model).forEach((template, path) -> files.put(path, render(template, model)));
        for (Path path : files.keySet()) {
            if (Files.exists(tree.resolve(path))) problems.add(path + " exists already");
        }
        problems.addAll(hiddenClasses(model, files));
        checkJson(files);
        String wiringLine = render("wiring.mustache", model).strip();
        String app = readApp();
        String wired = wire(app, wiringLine, List.of("carafe." + model.packageName() + "." + model.types(),
                "carafe." + model.packageName() + "." + model.types() + "Routes"), problems);
        if (!problems.isEmpty()) throw new Refused(problems);

        var created = new ArrayList<Path>();
        try {
            for (var file : files.entrySet()) {
                Path target = tree.resolve(file.getKey());
                Files.createDirectories(target.getParent());
                Files.writeString(target, file.getValue(), StandardOpenOption.CREATE_NEW);
                created.add(file.getKey());
            }
            Files.writeString(tree.resolve(SourceTree.APP), wired);
        } catch (IOException e) {
            throw new UncheckedIOException("Writing stopped after " + created.size() + " files", e);
        }
        return new Result(created, SourceTree.APP, wiringLine);
    }

    /** Each template and the file it becomes, in the order they are reported. */
    private static Map<String, Path> outputs(ResourceModel model) {
        Path main = SourceTree.MAIN_JAVA.resolve(model.packageName());
        Path templates = SourceTree.TEMPLATES.resolve(model.templates());
        Path tests = SourceTree.TEST_JAVA.resolve(model.packageName());
        var outputs = new LinkedHashMap<String, Path>();
        outputs.put("Entity.java.mustache", main.resolve(model.type() + ".java"));
        outputs.put("Request.java.mustache", main.resolve(model.type() + "Request.java"));
        outputs.put("Page.java.mustache", main.resolve(model.type() + "Page.java"));
        outputs.put("Repository.java.mustache", main.resolve(model.type() + "Repository.java"));
        outputs.put("Service.java.mustache", main.resolve(model.types() + ".java"));
        outputs.put("Api.java.mustache", main.resolve(model.types() + "Api.java"));
        outputs.put("Pages.java.mustache", main.resolve(model.types() + "Pages.java"));
        outputs.put("Routes.java.mustache", main.resolve(model.types() + "Routes.java"));
        outputs.put("list.jte.mustache", templates.resolve("list.jte"));
        outputs.put("show.jte.mustache", templates.resolve("show.jte"));
        outputs.put("_details.jte.mustache", templates.resolve("_details.jte"));
        outputs.put("form.jte.mustache", templates.resolve("form.jte"));
        outputs.put("delete.jte.mustache", templates.resolve("delete.jte"));
        outputs.put("postgresql.sql.mustache", SourceTree.MIGRATIONS.resolve("postgresql").resolve(model.migration()));
        outputs.put("sqlite.sql.mustache", SourceTree.MIGRATIONS.resolve("sqlite").resolve(model.migration()));
        outputs.put("openapi.json.mustache", SourceTree.API_FRAGMENTS.resolve(model.path() + ".json"));
        outputs.put("ApiTest.java.mustache", tests.resolve(model.types() + "ApiTest.java"));
        outputs.put("PagesTest.java.mustache", tests.resolve(model.types() + "PagesTest.java"));
        return outputs;
    }

    private String render(String template, ResourceModel model) {
        var out = new StringWriter();
        mustache.compile(template).execute(out, model);
        return out.toString();
    }

    /**
     * A generated class named like a class the generated code imports ({@code Flash}, {@code Context}), like
     * one of {@code java.lang}, or like a type a template takes (JTE's facade imports them all, so two
     * {@code Page}s cannot both be there) would hide it or clash with it, and the build would fail.
     */
    private List<String> hiddenClasses(ResourceModel model, Map<Path, String> files) {
        String own = "carafe." + model.packageName();
        var imported = new HashSet<>(JAVA_LANG);
        imported.addAll(tree.templateImports());
        var defined = new ArrayList<String>();
        for (var file : files.entrySet()) {
            String name = file.getKey().getFileName().toString();
            if (name.endsWith(".java")) defined.add(name.substring(0, name.length() - ".java".length()));
            Matcher matcher = IMPORT.matcher(file.getValue());
            while (matcher.find()) {
                if (!matcher.group(1).equals(own)) imported.add(matcher.group(2));
            }
        }
        return defined.stream().filter(imported::contains).map(name -> "resource name " + model.spec().plural().snake()
                + ": the class " + name + " would clash with the " + name + " the generated code or the templates use;"
                + " choose another name").toList();
    }

    /** The API fragment must be valid JSON; a template that breaks it is the generator's bug, said at once. */
    private static void checkJson(Map<Path, String> files) {
        files.forEach((path, content) -> {
            if (!path.toString().endsWith(".json")) return;
            try {
                new ObjectMapper().readTree(content);
            } catch (IOException e) {
                throw new IllegalStateException("The generator made invalid JSON for " + path + ": " + e.getMessage(), e);
            }
        });
    }

    private String readApp() {
        try {
            return Files.readString(tree.resolve(SourceTree.APP));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * {@code App} with the resource's line added under the wiring marker (after the resources wired there
     * before) and its imports added in order among the others.
     */
    static String wire(String app, String line, List<String> imports, List<String> problems) {
        var lines = new ArrayList<>(List.of(app.split("\n", -1)));
        int marker = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).strip().startsWith(SourceTree.WIRING_MARKER)) marker = i;
        }
        if (marker < 0) {
            problems.add(SourceTree.APP + " has no line \"" + SourceTree.WIRING_MARKER + "\" to wire the resource under;"
                    + " put it back where the features' routes are registered");
            return app;
        }
        if (app.contains(line)) {
            problems.add(SourceTree.APP + " wires this resource already");
            return app;
        }
        String indent = lines.get(marker).substring(0, lines.get(marker).indexOf("//"));
        int at = marker + 1;
        while (at < lines.size() && lines.get(at).strip().startsWith("new ") && lines.get(at).strip().endsWith(".routes(routes);")) at++;
        lines.add(at, indent + line);
        for (String type : imports) {
            String statement = "import " + type + ";";
            int last = -1;
            int before = -1;
            for (int i = 0; i < lines.size(); i++) {
                String current = lines.get(i);
                if (!current.startsWith("import ") || current.startsWith("import static ")) continue;
                last = i;
                if (before < 0 && current.compareTo(statement) > 0) before = i;
            }
            if (last < 0) {
                problems.add(SourceTree.APP + " has no imports to add " + type + " to");
                return app;
            }
            lines.add(before >= 0 ? before : last + 1, statement);
        }
        return String.join("\n", lines);
    }
}
