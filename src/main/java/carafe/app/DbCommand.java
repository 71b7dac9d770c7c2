package carafe.app;

import carafe.db.Database;
import carafe.db.Migrations;
import carafe.db.SqliteBackups;
import carafe.db.SqliteFile;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code carafe db ...}: migrations by hand, backups and restores, against the same database {@code serve} uses. */
@Command(name = "db", mixinStandardHelpOptions = true, description = "Database migrations, backups and restores.")
final class DbCommand implements Runnable {
    static CommandLine commandLine(Supplier<Config> config) {
        return new CommandLine(new DbCommand())
                .addSubcommand(new Migrate(config))
                .addSubcommand(new Info(config))
                .addSubcommand(new Validate(config))
                .addSubcommand(new New())
                .addSubcommand(new Backup(config))
                .addSubcommand(new Restore(config));
    }

    @Override
    public void run() {
        CommandLine.usage(this, System.out);
    }

    @Command(name = "migrate", mixinStandardHelpOptions = true, description = "Apply pending migrations.")
    record Migrate(Supplier<Config> config) implements Callable<Integer> {
        @Override
        public Integer call() {
            try (var database = Database.open(config.get().database())) {
                int applied = new Migrations(database).migrate();
                System.out.println(applied == 0 ? "The database is up to date." : "Applied " + applied + " migration(s).");
                return 0;
            }
        }
    }

    @Command(name = "info", mixinStandardHelpOptions = true, description = "List migrations and their state.")
    record Info(Supplier<Config> config) implements Callable<Integer> {
        @Override
        public Integer call() {
            try (var database = Database.open(config.get().database())) {
                System.out.printf("%-8s %-40s %-10s %s%n", "VERSION", "DESCRIPTION", "STATE", "INSTALLED ON");
                for (var migration : new Migrations(database).info()) {
                    System.out.printf("%-8s %-40s %-10s %s%n", migration.getVersion(), migration.getDescription(),
                            migration.getState().getDisplayName(),
                            migration.getInstalledOn() == null ? "" : migration.getInstalledOn().toInstant());
                }
                return 0;
            }
        }
    }

    @Command(name = "validate", mixinStandardHelpOptions = true,
            description = "Check that applied migrations match the files (exit 1 if not).")
    record Validate(Supplier<Config> config) implements Callable<Integer> {
        @Override
        public Integer call() {
            try (var database = Database.open(config.get().database())) {
                var problems = new Migrations(database).validate();
                if (problems.isEmpty()) {
                    System.out.println("Migrations are valid.");
                    return 0;
                }
                problems.forEach(System.err::println);
                return 1;
            }
        }
    }

    @Command(name = "new", mixinStandardHelpOptions = true,
            description = "Create the next numbered migration in each database's folder (run from the project root).")
    static final class New implements Callable<Integer> {
        @Parameters(paramLabel = "NAME", description = "What it does, e.g. add_notes (lower case, digits, _).")
        String name;

        @Override
        public Integer call() {
            for (Path file : Migrations.scaffold(Migrations.SOURCE_FOLDER, name)) System.out.println("Created " + file);
            return 0;
        }
    }

    @Command(name = "backup", mixinStandardHelpOptions = true,
            description = "Copy the SQLite database to FILE, consistently, while servers keep writing to it.")
    static final class Backup extends OnSqliteFile {
        Backup(Supplier<Config> config) {
            super(config, "pg_dump");
        }

        @Override
        String run(Config settings, SqliteFile database, Path file) {
            try (var open = Database.open(settings.database())) {
                long bytes = SqliteBackups.backup(open, file);
                return "Backed up " + database.path() + " to " + file + " (" + bytes + " bytes, integrity checked).";
            }
        }
    }

    @Command(name = "restore", mixinStandardHelpOptions = true,
            description = "Replace the SQLite database with a backup FILE; refused while a server uses the database.")
    static final class Restore extends OnSqliteFile {
        Restore(Supplier<Config> config) {
            super(config, "pg_restore");
        }

        @Override
        String run(Config settings, SqliteFile database, Path file) {
            Path aside = SqliteBackups.restore(database, file, Services.systemClock());
            return "Restored " + database.path() + " from " + file + "."
                    + (aside == null ? "" : " The database it replaced is kept as " + aside + ".");
        }
    }

    /**
     * What backup and restore share: a FILE, and the SQLite database to copy it from or to. PostgreSQL has
     * its own tools for this, which know more than Carafe could; on PostgreSQL the command names them
     * (README: Backups).
     */
    abstract static class OnSqliteFile implements Callable<Integer> {
        private final Supplier<Config> config;
        private final String postgresqlTool;
        @Spec CommandSpec spec;

        @Parameters(paramLabel = "FILE", description = "The backup: written by backup (it must not exist yet), read by restore.")
        Path file;

        OnSqliteFile(Supplier<Config> config, String postgresqlTool) {
            this.config = config;
            this.postgresqlTool = postgresqlTool;
        }

        /** Does the work and says what was done. */
        abstract String run(Config settings, SqliteFile database, Path file);

        @Override
        public Integer call() {
            Config settings = config.get();
            String what = spec.name();
            if (!settings.usesSqlite()) {
                spec.commandLine().getErr().println("The database is PostgreSQL: " + what + " it with " + postgresqlTool
                        + " (the README's Backups section shows how), not with carafe db " + what + ".");
                return 1;
            }
            spec.commandLine().getOut().println(run(settings, sqliteFile(settings), file.toAbsolutePath().normalize()));
            return 0;
        }
    }

    private static SqliteFile sqliteFile(Config settings) {
        return SqliteFile.of(settings.databaseUrl()).orElseThrow(() -> new IllegalArgumentException(
                "CARAFE_DATABASE_URL names no SQLite file (an in-memory database or a file: URI)."));
    }
}
