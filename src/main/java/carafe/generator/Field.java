package carafe.generator;

/** One field of a resource as the command line gave it: {@code due_date:date?}. */
record Field(Names names, FieldType type, int length, boolean optional) {
    /** The most characters the field takes: its string(N), the text limit, or 0 for the other kinds. */
    int maxLength() {
        return switch (type) {
            case STRING -> length;
            case TEXT -> FieldType.MAX_TEXT_LENGTH;
            default -> 0;
        };
    }

    /** The column's SQL type, the same word on PostgreSQL and SQLite. */
    String sqlType() {
        return type == FieldType.STRING ? type.sqlType + "(" + length + ")" : type.sqlType;
    }
}
