package carafe.generator;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A resource as asked for on the command line, checked on its own: {@code projects name:string(120)
 * due:date?}. Whether it fits the project (a package, table or route of that name) is {@link SourceTree}'s
 * question.
 */
record ResourceSpec(Names plural, Names singular, List<Field> fields, String command) {
    /** Longer names make PostgreSQL cut the index names built from them (63 bytes at most). */
    static final int MAX_NAME_LENGTH = 40;

    private static final Pattern FIELD = Pattern.compile("([^:]*):([^(?]*)(?:\\((\\d*)\\))?(\\?)?");

    /** Columns every resource has; the generated code fills them itself. */
    private static final Set<String> SYSTEM_COLUMNS = Set.of("id", "owner_id", "version", "created_at", "updated_at");
    /**
     * Fields whose accessor would clash with a method every record has or the entity adds
     * ({@code etag()}, {@code hashCode()}, ...).
     */
    private static final Set<String> METHOD_NAMES = Set.of("etag", "hash_code", "to_string", "equals", "get_class",
            "clone", "finalize", "notify", "notify_all", "wait");

    /** Parses and checks everything at once, so one refusal lists every problem. */
    static ResourceSpec parse(String name, String singularName, List<String> fieldSpecs) {
        var problems = new ArrayList<String>();
        Names plural = null;
        Names singular = null;
        String nameProblem = nameProblem(name, true);
        if (nameProblem != null) {
            problems.add("resource name " + name + ": " + nameProblem);
        } else {
            plural = Names.of(name);
            String derived = singularName != null ? singularName : Names.singularOf(name);
            // The singular names classes and variables, never a table: only Java's words are out.
            String singularProblem = derived == null ? null : nameProblem(derived, false);
            if (derived == null) {
                problems.add("resource name " + name + ": say it in the plural (e.g. projects), or give its singular"
                        + " with --singular");
            } else if (singularProblem != null) {
                problems.add("singular " + derived + ": " + singularProblem);
            } else if (derived.equals(name)) {
                problems.add("singular " + derived + ": must differ from the plural, or the record and the service"
                        + " would be one class name");
            } else {
                singular = Names.of(derived);
                // The table is the plural; the package, classes and variables are Java only.
                for (String spelling : List.of(singular.camel(), plural.camel(), plural.joined())) {
                    if (Names.JAVA_KEYWORDS.contains(spelling)) {
                        problems.add("resource name " + name + ": " + spelling + " is a reserved word in Java");
                        break;
                    }
                }
            }
        }
        if (fieldSpecs.isEmpty()) problems.add("give at least one field, e.g. name:string(120)");
        var fields = new ArrayList<Field>();
        var seen = new HashSet<String>();
        for (String spec : fieldSpecs) {
            Field field = parseField(spec, problems);
            if (field == null) continue;
            if (!seen.add(field.names().camel())) {
                problems.add("field " + spec + ": " + field.names().camel() + " is given twice");
            } else {
                fields.add(field);
            }
        }
        if (!problems.isEmpty()) throw new Refused(problems);
        String command = "carafe new resource " + name + (singularName == null ? "" : " --singular " + singularName)
                + " " + String.join(" ", fieldSpecs);
        return new ResourceSpec(plural, singular, List.copyOf(fields), command);
    }

    private static Field parseField(String spec, List<String> problems) {
        Matcher matcher = FIELD.matcher(spec);
        if (!matcher.matches()) {
            problems.add("field " + spec + ": write name:type, e.g. title:string(200) or due:date? (types: "
                    + "string(N), text, int, bool, date, timestamp; a ? makes it optional)");
            return null;
        }
        String name = matcher.group(1);
        String typeName = matcher.group(2);
        String length = matcher.group(3);
        boolean optional = matcher.group(4) != null;
        String problem = nameProblem(name, true);
        if (problem == null && SYSTEM_COLUMNS.contains(name)) {
            problem = "every resource has it already (id, owner_id, version, created_at and updated_at are kept by"
                    + " the generated code)";
        } else if (problem == null && METHOD_NAMES.contains(name)) {
            problem = "its accessor would clash with the method " + Names.of(name).camel() + "() of every record";
        }
        FieldType type = FieldType.named(typeName);
        String typeProblem = typeProblem(type, typeName, length); // checked too, so one run reports both
        if (problem != null) problems.add("field " + spec + ": " + problem);
        if (typeProblem != null) problems.add("field " + spec + ": " + typeProblem);
        if (problem != null || typeProblem != null) return null;
        return new Field(Names.of(name), type, type == FieldType.STRING ? Integer.parseInt(length) : 0, optional);
    }

    private static String typeProblem(FieldType type, String typeName, String length) {
        if (type == null) {
            return "unknown type " + (typeName.isEmpty() ? "(none)" : typeName)
                    + "; use string(N), text, int, bool, date or timestamp";
        }
        if (type != FieldType.STRING) return length == null ? null : "only string takes a length";
        if (length == null || length.isEmpty()) return "string needs its longest length, e.g. string(200)";
        if (length.length() > 6 || Integer.parseInt(length) < 1 || Integer.parseInt(length) > FieldType.MAX_STRING_LENGTH) {
            return "string(N) takes N from 1 to " + FieldType.MAX_STRING_LENGTH + " (longer: text)";
        }
        return null;
    }

    /**
     * What is wrong with a name, or null: lower-case snake_case, not too long, and no reserved word of
     * Java or (for a table or column) SQL.
     */
    private static String nameProblem(String name, boolean sql) {
        if (!Names.SNAKE_CASE.matcher(name).matches()) {
            return "use lower-case letters, digits and single underscores, starting with a letter (e.g. time_entries,"
                    + " due_date)";
        }
        if (name.length() > MAX_NAME_LENGTH) return "at most " + MAX_NAME_LENGTH + " characters";
        if (sql && Names.SQL_WORDS.contains(name)) return "a reserved word in SQL";
        if (Names.JAVA_KEYWORDS.contains(name)) return "a reserved word in Java";
        return null;
    }
}
