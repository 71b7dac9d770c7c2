package carafe.app;

import carafe.db.Database;
import carafe.db.Migrations;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code carafe db ...}: migrations by hand, against the same database {@code serve} uses. */
@Command(name = "db", mixinStandardHelpOptions = true, description = "Database migrations.")
final class DbCommand implements Runnable {
    static CommandLine commandLine(Supplier<Config> config) {
        return new CommandLine(new DbCommand())
                .addSubcommand(new Migrate(config))
                .addSubcommand(new Info(config))
                .addSubcommand(new Validate(config))
                .addSubcommand(new New());
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
}
