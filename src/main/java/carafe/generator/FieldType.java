package carafe.generator;

/** The kinds of field a resource can have, and the Java and SQL types each is stored as. */
enum FieldType {
    STRING("string", "String", "varchar", "string", null),
    TEXT("text", "String", "text", "string", null),
    INT("int", "Integer", "integer", "integer", "int32"),
    BOOL("bool", "Boolean", "boolean", "boolean", null),
    DATE("date", "LocalDate", "date", "string", "date"),
    TIMESTAMP("timestamp", "Instant", "timestamp with time zone", "string", "date-time");

    /** The longest string(N); longer text is a {@code text} field. */
    static final int MAX_STRING_LENGTH = 10_000;
    /** The longest text field, as the notes' body (a request's whole body is bounded at 1 MiB anyway). */
    static final int MAX_TEXT_LENGTH = 100_000;

    final String spec;
    final String javaType;
    final String sqlType;
    /** The JSON Schema type and format of the OpenAPI document. */
    final String jsonType;
    final String jsonFormat;

    FieldType(String spec, String javaType, String sqlType, String jsonType, String jsonFormat) {
        this.spec = spec;
        this.javaType = javaType;
        this.sqlType = sqlType;
        this.jsonType = jsonType;
        this.jsonFormat = jsonFormat;
    }

    static FieldType named(String spec) {
        for (FieldType type : values()) if (type.spec.equals(spec)) return type;
        return null;
    }

    /** Text, validated by length and (when required) not blank; the other kinds are required by being present. */
    boolean textual() {
        return this == STRING || this == TEXT;
    }
}
