package carafe.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import carafe.app.Config;
import carafe.app.Main;
import carafe.db.schema.DefaultSchema;
import carafe.support.TestDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.jooq.Field;
import org.jooq.Table;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MigrationsTest {
    @TempDir
    Path folder;

    private TestDatabase testDatabase;
    private Config config;

    @BeforeEach
    void freshDatabase() {
        testDatabase = TestDatabase.create(folder);
        config = Config.from(Map.of("CARAFE_DATABASE_URL", testDatabase.url(), "CARAFE_DATA_DIR", folder.toString()));
    }

    @AfterEach
    void dropDatabase() {
        testDatabase.close();
    }

    @Test
    void a_fresh_database_migrates_and_a_second_run_has_nothing_to_do() {
        try (var database = Database.open(config.database())) {
            var migrations = new Migrations(database);
            assertThat(migrations.migrate()).isPositive();
            assertThat(migrations.migrate()).isZero();
            assertThat(migrations.validate()).isEmpty();
        }
    }

    @Test
    void the_generated_jooq_classes_match_the_migrated_tables() {
        try (var database = Database.open(config.database())) {
            new Migrations(database).migrate();
            var dsl = database.dsl();
            for (Table<?> generated : DefaultSchema.DEFAULT_SCHEMA.getTables()) {
                // Selecting every generated column fails if a column is missing or misnamed.
                dsl.select(generated.fields()).from(generated).limit(1).fetch();
                Table<?> actual = dsl.meta().getTables(generated.getName()).stream()
                        .filter(t -> t.getName().equalsIgnoreCase(generated.getName())).findFirst().orElseThrow();
                assertThat(names(actual.fields())).as(generated.getName()).isEqualTo(names(generated.fields()));
            }
        }
    }

    @Test
    void the_cli_migrates_shows_info_and_validates() {
        var cli = Main.commandLine(() -> config);

        assertThat(cli.execute("db", "migrate")).isZero();
        assertThat(cli.execute("db", "info")).isZero();
        assertThat(cli.execute("db", "validate")).isZero();
    }

    @Test
    void validate_fails_when_an_applied_migration_was_edited() {
        try (var database = Database.open(config.database())) {
            new Migrations(database).migrate();
            database.dsl().execute("update flyway_schema_history set checksum = 12345 where version = '1'");
        }

        assertThat(Main.commandLine(() -> config).execute("db", "validate")).isEqualTo(1);
    }

    @Test
    void db_new_scaffolds_the_next_version_in_every_database_folder() throws IOException {
        for (String kind : new String[] {"postgresql", "sqlite"}) {
            Files.createDirectories(folder.resolve(kind));
            Files.writeString(folder.resolve(kind).resolve("V1__first.sql"), "-- first");
            Files.writeString(folder.resolve(kind).resolve("V2__second.sql"), "-- second");
        }

        var created = Migrations.scaffold(folder, "add_notes");

        assertThat(created).containsExactlyInAnyOrder(
                folder.resolve("postgresql/V3__add_notes.sql"), folder.resolve("sqlite/V3__add_notes.sql"));
        assertThat(Files.readString(created.get(0))).startsWith("-- add notes");
    }

    @Test
    void db_new_refuses_a_name_flyway_could_not_order() {
        assertThatThrownBy(() -> Migrations.scaffold(folder, "Add Notes!")).isInstanceOf(IllegalArgumentException.class);
        assertThat(Main.commandLine(() -> config).execute("db", "new")).isEqualTo(2); // usage: NAME missing
    }

    @Test
    void a_database_url_of_another_kind_is_refused_with_a_clear_message() {
        assertThatThrownBy(() -> Config.from(Map.of("CARAFE_DATABASE_URL", "jdbc:mysql://db.example/carafe?password=s3cret")))
                .isInstanceOf(Config.ConfigException.class)
                .hasMessageContaining("CARAFE_DATABASE_URL must be a jdbc:sqlite: or jdbc:postgresql: URL")
                .hasMessageNotContaining("s3cret");
    }

    private static Set<String> names(Field<?>[] fields) {
        return Arrays.stream(fields).map(f -> f.getName().toLowerCase()).collect(Collectors.toSet());
    }
}
