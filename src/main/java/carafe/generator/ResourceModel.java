package carafe.generator;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * What the templates in {@code src/main/resources/generator} see: a resource's names in every spelling
 * and, per field, its names, types and the flags that pick a template's section. Text of the generated
 * code belongs in the templates; this only names things.
 */
record ResourceModel(ResourceSpec spec, int version) {
    /** The longest system column name, so the migrations line their columns up as the hand-written ones do. */
    private static final int SYSTEM_COLUMN_WIDTH = "created_at".length();
    private static final int SQL_TYPE_WIDTH = "timestamp with time zone".length();

    /** {@code projects}: the package under {@code carafe} and the templates' folder. */
    String packageName() { return spec.plural().joined(); }
    /** {@code Project}: the record a client sees. */
    String type() { return spec.singular().pascal(); }
    /** {@code Projects}: the service, and the prefix of the API, pages and routes classes. */
    String types() { return spec.plural().pascal(); }
    String variable() { return spec.singular().camel(); }
    String variables() { return spec.plural().camel(); }
    String table() { return spec.plural().snake(); }
    /** {@code PROJECTS}: jOOQ's constant for the table. */
    String tableConstant() { return spec.plural().constant(); }
    /** {@code ProjectsRecord}: jOOQ's record class for the table. */
    String tableRecord() { return spec.plural().pascal() + "Record"; }
    /** {@code projects}: the address, {@code /projects} and {@code /api/projects}. */
    String path() { return spec.plural().kebab(); }
    /** {@code projectsList}: jte-models names a template's method after its folder and file. */
    String templates() { return spec.plural().joined(); }
    /** "project", "projects", "Project", "Projects": how the pages say it. */
    /** {@code project}, {@code time_entry}: how test names say it. */
    String singularName() { return spec.singular().snake(); }
    String singular() { return spec.singular().spaced(); }
    String plural() { return spec.plural().spaced(); }
    String Singular() { return spec.singular().sentence(); }
    String Plural() { return spec.plural().sentence(); }
    /** The migration's file name; its version is the same in every database's folder. */
    String migration() { return "V" + version + "__" + table() + ".sql"; }

    List<FieldModel> fields() {
        var fields = new ArrayList<FieldModel>();
        List<Field> all = spec.fields();
        for (int i = 0; i < all.size(); i++) fields.add(new FieldModel(all.get(i), i == all.size() - 1));
        return fields;
    }

    /** The fields a client must send, for the API document's list of them. */
    List<FieldModel> requiredFields() {
        List<Field> required = spec.fields().stream().filter(f -> !f.optional()).toList();
        var fields = new ArrayList<FieldModel>();
        for (int i = 0; i < required.size(); i++) fields.add(new FieldModel(required.get(i), i == required.size() - 1));
        return fields;
    }

    /** The field that names a row in lists and headings: the first required string, if there is one. */
    FieldModel title() {
        return fields().stream().filter(f -> f.string() && f.required()).findFirst().orElse(null);
    }

    /** A text field long enough to hold markup, for the test that it is shown escaped; null if there is none. */
    FieldModel markupField() {
        return fields().stream().filter(f -> f.textual() && f.field().maxLength() >= 40).findFirst().orElse(null);
    }

    boolean anyDate() { return any(FieldType.DATE); }
    boolean anyTimestamp() { return any(FieldType.TIMESTAMP); }
    boolean anyRequired() { return spec.fields().stream().anyMatch(f -> !f.optional()); }
    boolean anyOptional() { return spec.fields().stream().anyMatch(Field::optional); }
    boolean anyRequiredText() { return fields().stream().anyMatch(FieldModel::requiredText); }
    boolean anyRequiredValue() { return fields().stream().anyMatch(FieldModel::requiredValue); }
    /** Whether a field holds something other than text, whose refusal the tests name with {@code Expected}. */
    boolean anyValue() { return spec.fields().stream().anyMatch(f -> !f.type().textual()); }
    boolean anyTextual() { return spec.fields().stream().anyMatch(f -> f.type().textual()); }

    /** Pads a migration's column name, so the types line up: {@code {{#padColumn}}id{{/padColumn}}}. */
    Function<String, String> padColumn() {
        int width = Math.max(SYSTEM_COLUMN_WIDTH, spec.fields().stream().mapToInt(f -> f.names().snake().length()).max().orElse(0));
        return name -> pad(name, width);
    }

    /** Pads a column's SQL type, so "not null" lines up too. */
    Function<String, String> padType() {
        int width = Math.max(SQL_TYPE_WIDTH, spec.fields().stream().mapToInt(f -> f.sqlType().length()).max().orElse(0));
        return type -> pad(type, width);
    }

    private boolean any(FieldType type) {
        return spec.fields().stream().anyMatch(f -> f.type() == type);
    }

    private static String pad(String text, int width) {
        return text.length() >= width ? text : text + " ".repeat(width - text.length());
    }

    /** One field, as the templates see it. */
    record FieldModel(Field field, boolean last) {
        /** {@code dueDate}: the record component, the JSON property and the form input's name. */
        String name() { return field.names().camel(); }
        String column() { return field.names().snake(); }
        /** {@code DUE_DATE}: jOOQ's constant for the column. */
        String columnConstant() { return field.names().constant(); }
        /** {@code getDueDate}: jOOQ's getter on the table's record. */
        String getter() { return "get" + field.names().pascal(); }
        /** "Due date", and for a time "Kickoff (UTC)": the pages read and show times in UTC. */
        String label() { return field.names().sentence() + (timestamp() ? " (UTC)" : ""); }
        String javaType() { return field.type().javaType; }
        String sqlType() { return field.sqlType(); }
        String jsonType() { return field.type().jsonType; }
        String jsonFormat() { return field.type().jsonFormat; }

        boolean required() { return !field.optional(); }
        boolean optional() { return field.optional(); }
        boolean textual() { return field.type().textual(); }
        /** Required text must not be blank; other required values must be present. */
        boolean requiredText() { return required() && textual(); }
        boolean requiredValue() { return required() && !textual(); }
        /** The most characters, as a Java literal ({@code 100_000}), or null for values that are not text. */
        String maxLength() { return field.maxLength() == 0 ? null : javaNumber(field.maxLength()); }
        /** The same, as messages say it ("must be at most 100000 characters"). */
        String maxLengthInMessages() { return Integer.toString(field.maxLength()); }

        boolean string() { return field.type() == FieldType.STRING; }
        boolean text() { return field.type() == FieldType.TEXT; }
        boolean wholeNumber() { return field.type() == FieldType.INT; }
        boolean bool() { return field.type() == FieldType.BOOL; }
        boolean date() { return field.type() == FieldType.DATE; }
        boolean timestamp() { return field.type() == FieldType.TIMESTAMP; }

        /** A required yes/no is a checkbox; an optional one a choice of yes, no or not said. */
        boolean checkbox() { return bool() && required(); }
        boolean yesOrNo() { return bool() && optional(); }
        /** Whether an {@code <input>} takes the value (text lines, numbers, dates and times). */
        boolean input() { return inputType() != null || string(); }
        /** The type of that {@code <input>}, when it is not plain text. */
        String inputType() {
            return switch (field.type()) {
                case INT -> "number";
                case DATE -> "date";
                case TIMESTAMP -> "datetime-local";
                default -> null;
            };
        }
        /** The {@link carafe.web.FormInput} method that reads the input. */
        String formReader() {
            return switch (field.type()) {
                case STRING, TEXT -> "text";
                case INT -> "wholeNumber";
                case BOOL -> required() ? "checkbox" : "yesOrNo";
                case DATE -> "date";
                case TIMESTAMP -> "time";
            };
        }

        // --- what the generated tests send and expect -------------------------------------------------

        /** A valid value, as a Java expression for a JSON body. */
        String sample() { return jsonValue(0); }
        /** Another valid value, for updates. */
        String otherSample() { return jsonValue(1); }
        /** The sample as a form sends it. */
        String sampleInForm() {
            return switch (field.type()) {
                case INT -> "\"42\"";
                case BOOL -> required() ? "\"on\"" : "\"true\"";
                case TIMESTAMP -> "\"2026-03-01T09:30\"";
                default -> sample();
            };
        }
        /** The other sample as a form sends it; null for an unticked checkbox, which a form leaves out. */
        String otherSampleInForm() {
            return switch (field.type()) {
                case INT -> "\"7\"";
                case BOOL -> required() ? null : "\"false\"";
                case TIMESTAMP -> "\"2026-04-15T16:45\"";
                default -> otherSample();
            };
        }
        /** The sample as the pages show it (plain text, no quotes). */
        String sampleShown() {
            return switch (field.type()) {
                case INT -> "42";
                case BOOL -> "Yes";
                case DATE -> "1 Mar 2026";
                case TIMESTAMP -> "1 Mar 2026, 09:30 UTC";
                default -> sample().substring(1, sample().length() - 1);
            };
        }
        /** A value a form can send that this field refuses; none for a checkbox, which is ticked or not. */
        String invalidInForm() {
            return switch (field.type()) {
                case DATE -> "\"someday\"";
                case TIMESTAMP -> "\"soon\"";
                case BOOL -> required() ? null : invalid();
                default -> invalid();
            };
        }

        /** A value of the right JSON shape that this field refuses, and the message it gets (Java expressions). */
        String invalid() {
            return switch (field.type()) {
                case STRING, TEXT -> "\"x\".repeat(" + javaNumber(field.maxLength() + 1) + ")";
                case INT -> "\"many\"";
                case BOOL -> "\"maybe\"";
                case DATE -> "\"2026-02-30\"";
                case TIMESTAMP -> "\"yesterday\"";
            };
        }

        String invalidMessage() {
            return switch (field.type()) {
                case STRING, TEXT -> "\"must be at most " + field.maxLength() + " characters\"";
                case INT -> "Expected.WHOLE_NUMBER";
                case BOOL -> "Expected.YES_OR_NO";
                case DATE -> "Expected.DATE";
                case TIMESTAMP -> "Expected.TIME";
            };
        }

        private String jsonValue(int which) {
            String words = field.names().spaced();
            return switch (field.type()) {
                case STRING -> quoted(cut((which == 0 ? "Sample " : "Changed ") + words, field.length()));
                case TEXT -> quoted((which == 0 ? "Some " : "Other ") + words + " to read");
                case INT -> which == 0 ? "42" : "7";
                case BOOL -> which == 0 ? "true" : "false";
                case DATE -> which == 0 ? "\"2026-03-01\"" : "\"2026-04-15\"";
                case TIMESTAMP -> which == 0 ? "\"2026-03-01T09:30:00Z\"" : "\"2026-04-15T16:45:00Z\"";
            };
        }

        private static String cut(String text, int length) {
            return text.length() <= length ? text : text.substring(0, length);
        }

        private static String quoted(String text) {
            return "\"" + text + "\"";
        }

        /** 100000 as {@code 100_000}, as the hand-written code writes large numbers. */
        private static String javaNumber(int number) {
            return number < 10_000 ? Integer.toString(number) : String.format(Locale.ROOT, "%,d", number).replace(',', '_');
        }
    }
}
