package carafe.db;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.output.ValidateResult;

/**
 * Versioned, forward-only SQL migrations (Flyway). Each database kind has its own folder under
 * {@code db/migration/} because column types differ; both folders hold the same versions.
 */
public final class Migrations {
    public static final Path SOURCE_FOLDER = Path.of("src/main/resources/db/migration");
    private static final Pattern VERSIONED = Pattern.compile("V(\\d+)__.+\\.sql");

    private final Flyway flyway;

    public Migrations(Database database) {
        this.flyway = Flyway.configure()
                .dataSource(database.dataSource())
                .locations("classpath:db/migration/" + database.kind().folder)
                .validateMigrationNaming(true)
                .load();
    }

    /** Applies pending migrations; returns how many ran. */
    public int migrate() {
        return flyway.migrate().migrationsExecuted;
    }

    public List<MigrationInfo> info() {
        return List.of(flyway.info().all());
    }

    /** Checks applied migrations against the files; returns the problems found (empty when valid). */
    public List<String> validate() {
        ValidateResult result = flyway.validateWithResult();
        if (result.validationSuccessful) return List.of();
        var problems = new ArrayList<String>();
        result.invalidMigrations.forEach(invalid -> problems.add(
                (invalid.version == null ? invalid.filepath : "V" + invalid.version) + ": "
                        + invalid.errorDetails.errorMessage));
        if (problems.isEmpty()) problems.add(result.getAllErrorMessages());
        return problems;
    }

    /**
     * Creates the next numbered migration file, empty but for a comment, in each database's folder of
     * the source tree, and returns their paths. Run it from the project's root folder.
     */
    public static List<Path> scaffold(Path sourceFolder, String name) {
        if (!name.matches("[a-z0-9_]{1,60}")) {
            throw new IllegalArgumentException(
                    "A migration name is 1..60 lower-case letters, digits and underscores, e.g. add_notes.");
        }
        List<Path> folders = Stream.of(Database.Kind.values()).map(kind -> sourceFolder.resolve(kind.folder)).toList();
        for (Path folder : folders) {
            if (!Files.isDirectory(folder)) {
                throw new IllegalArgumentException("No migration folder " + folder.toAbsolutePath()
                        + ": run this from the project's root folder.");
            }
        }
        int next = nextVersion(sourceFolder);
        var created = new ArrayList<Path>();
        for (Path folder : folders) {
            Path file = folder.resolve("V" + next + "__" + name + ".sql");
            String comment = "-- " + name.replace('_', ' ') + " (" + folder.getFileName() + ")."
                    + " Write the same change for every database folder.\n";
            try {
                Files.writeString(file, comment);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            created.add(file);
        }
        return created;
    }

    /** The version after the highest in any database's folder: the one a new migration takes in all of them. */
    public static int nextVersion(Path sourceFolder) {
        return Stream.of(Database.Kind.values()).map(kind -> sourceFolder.resolve(kind.folder))
                .mapToInt(Migrations::highestVersion).max().orElse(0) + 1;
    }

    private static int highestVersion(Path folder) {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(file -> VERSIONED.matcher(file.getFileName().toString()))
                    .filter(Matcher::matches)
                    .mapToInt(match -> Integer.parseInt(match.group(1)))
                    .max().orElse(0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
