package carafe.admin;

import carafe.audit.AuditLog;
import carafe.audit.AuditType;
import carafe.audit.RequestOrigin;
import carafe.auth.EmailAddresses;
import carafe.auth.User;
import carafe.auth.UserRepository;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jooq.DSLContext;

/**
 * Imports users exported from another application (a Flask app's users table) from CSV with a header
 * row or a JSON array of objects, with the fields email, name, password_hash, active, confirmed_at and
 * roles. Password hashes are kept as they are: bcrypt ($2a$, $2b$, $2y$) and Argon2 hashes verify at
 * sign-in, and bcrypt is re-hashed with Argon2id then. All rows go in one transaction: by default one
 * bad row imports nothing; with {@code skipInvalid} the good rows are imported and the bad reported.
 */
public final class UserImport {
    private static final List<String> HASH_PREFIXES = List.of("$2a$", "$2b$", "$2y$", "$argon2id$", "$argon2i$");
    private static final int MAX_NAME_LENGTH = 100;

    private final DSLContext db;
    private final Clock clock;

    public UserImport(DSLContext db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /** A row that could not be imported: its line in the file and why. */
    public record Problem(long line, String message) {
        @Override
        public String toString() {
            return "line " + line + ": " + message;
        }
    }

    /** What happened: how many users were added, and every row refused. */
    public record Result(int imported, List<Problem> problems) {}

    /** Thrown when the file itself cannot be read as CSV or JSON; nothing was imported. */
    public static final class UnreadableFile extends RuntimeException {
        public UnreadableFile(String message) {
            super(message);
        }
    }

    private record Row(long line, Map<String, Object> fields) {}

    private static final class RolledBack extends RuntimeException {
        RolledBack() {
            super(null, null, false, false);
        }
    }

    public Result run(Path file, boolean skipInvalid) {
        List<Row> rows = read(file);
        var problems = new ArrayList<Problem>();
        int[] imported = {0};
        try {
            db.transaction(tx -> {
                var users = new UserRepository(tx.dsl());
                var audit = new AuditLog(tx.dsl(), clock);
                Instant now = clock.instant();
                for (Row row : rows) {
                    try {
                        var user = parse(row);
                        if (users.findByEmail(user.email()).isPresent()) throw new IllegalArgumentException(
                                "a user with email " + user.email() + " already exists");
                        var added = users.insertImported(user.email(), user.name(), user.passwordHash(),
                                user.active(), user.confirmedAt(), user.roles(), now);
                        audit.record(added.id(), null, AuditType.REGISTERED, RequestOrigin.NONE, "imported");
                        imported[0]++;
                    } catch (IllegalArgumentException invalid) {
                        problems.add(new Problem(row.line(), invalid.getMessage()));
                    }
                }
                if (!problems.isEmpty() && !skipInvalid) throw new RolledBack();
            });
        } catch (RolledBack nothingImported) {
            return new Result(0, problems);
        }
        return new Result(imported[0], problems);
    }

    private record ImportedUser(String email, String name, String passwordHash, boolean active, Instant confirmedAt,
                                List<String> roles) {}

    private static ImportedUser parse(Row row) {
        var fields = row.fields();
        String rawEmail = text(fields, "email");
        if (rawEmail.isEmpty()) throw new IllegalArgumentException("email is required");
        String email = EmailAddresses.normalize(rawEmail);
        if (!EmailAddresses.isPlausible(email) || email.length() > EmailAddresses.MAX_LENGTH) {
            throw new IllegalArgumentException("email is not an email address");
        }
        String name = text(fields, "name");
        if (name.isEmpty()) throw new IllegalArgumentException("name is required");
        if (name.length() > MAX_NAME_LENGTH) {
            throw new IllegalArgumentException("name must be at most " + MAX_NAME_LENGTH + " characters");
        }
        String hash = text(fields, "password_hash");
        if (HASH_PREFIXES.stream().noneMatch(hash::startsWith)) {
            throw new IllegalArgumentException("password_hash must be a bcrypt ($2a$, $2b$, $2y$) or Argon2 hash");
        }
        return new ImportedUser(email, name, hash, active(text(fields, "active")),
                instant(text(fields, "confirmed_at")), roles(text(fields, "roles")));
    }

    private static String text(Map<String, Object> fields, String name) {
        Object value = fields.get(name);
        if (value instanceof List<?> list) {
            return String.join(",", list.stream().map(String::valueOf).toList());
        }
        return value == null ? "" : String.valueOf(value).strip();
    }

    private static boolean active(String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "", "true", "1", "t", "yes" -> true;
            case "false", "0", "f", "no" -> false;
            default -> throw new IllegalArgumentException("active must be true or false, not " + quoted(value));
        };
    }

    /** ISO-8601 with an offset, or a naive date-time as Flask/SQLAlchemy write it, taken as UTC. */
    private static Instant instant(String value) {
        if (value.isEmpty() || value.equalsIgnoreCase("null")) return null;
        try {
            return OffsetDateTime.parse(value.replace(' ', 'T')).toInstant();
        } catch (DateTimeParseException withoutOffset) {
            try {
                return LocalDateTime.parse(value.replace(' ', 'T')).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("confirmed_at is not a date and time: " + quoted(value));
            }
        }
    }

    private static List<String> roles(String value) {
        var roles = new LinkedHashSet<String>();
        roles.add(User.USER);
        for (String role : value.split("[,;\\s]+")) {
            String name = role.strip().toLowerCase(Locale.ROOT);
            if (name.isEmpty()) continue;
            if (!User.ROLES.contains(name)) {
                throw new IllegalArgumentException("roles may only contain user and admin, not " + quoted(role));
            }
            roles.add(name);
        }
        return List.copyOf(roles);
    }

    private static String quoted(String value) {
        return "\"" + (value.length() > 40 ? value.substring(0, 40) + "…" : value) + "\"";
    }

    /** The rows with the line each starts on; JSON when the file starts with '[', CSV otherwise. */
    private static List<Row> read(Path file) {
        try {
            String content = Files.readString(file, StandardCharsets.UTF_8);
            return content.stripLeading().startsWith("[") ? readJson(content) : readCsv(content);
        } catch (JsonProcessingException e) {
            var at = e.getLocation();
            throw new UnreadableFile("Cannot read " + file + (at == null ? "" : " at line " + at.getLineNr()) + ": "
                    + e.getOriginalMessage() + ". Nothing was imported.");
        } catch (IOException e) {
            throw new UnreadableFile("Cannot read " + file + ": " + e.getMessage());
        }
    }

    private static List<Row> readJson(String content) throws IOException {
        var mapper = new ObjectMapper();
        var rows = new ArrayList<Row>();
        try (JsonParser parser = mapper.createParser(content)) {
            parser.nextToken(); // [
            for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
                if (token == null) throw new UnreadableFile("The JSON array is not closed. Nothing was imported.");
                long line = parser.currentTokenLocation().getLineNr();
                if (token != JsonToken.START_OBJECT) {
                    rows.add(new Row(line, Map.of()));
                    parser.skipChildren();
                    continue;
                }
                @SuppressWarnings("unchecked")
                Map<String, Object> fields = mapper.readValue(parser, Map.class);
                rows.add(new Row(line, fields));
            }
        }
        return rows;
    }

    private static List<Row> readCsv(String content) throws IOException {
        var mapper = new CsvMapper();
        var rows = new ArrayList<Row>();
        try (var values = mapper.readerFor(Map.class).with(CsvSchema.emptySchema().withHeader()).readValues(content)) {
            while (values.hasNextValue()) {
                // The parser stands at the end of the previous row (or the header): this row starts on the next line.
                long line = values.getParser().currentTokenLocation().getLineNr() + 1;
                @SuppressWarnings("unchecked")
                Map<String, Object> fields = (Map<String, Object>) values.nextValue();
                rows.add(new Row(line, fields));
            }
        }
        return rows;
    }
}
