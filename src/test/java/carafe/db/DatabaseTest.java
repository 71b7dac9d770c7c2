package carafe.db;

import static org.assertj.core.api.Assertions.assertThat;

import carafe.app.Config;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatabaseTest {
    @TempDir
    Path folder;

    /** A SQLite setting, so a SQLite file in both runs (the PostgreSQL run included). */
    @Test
    void sqlite_connections_read_the_file_through_a_memory_map() {
        String url = "jdbc:sqlite:" + folder.resolve("mapped.db");
        try (var database = Database.open(Config.from(Map.of("CARAFE_DATABASE_URL", url,
                "CARAFE_DATA_DIR", folder.toString())).database())) {
            long mapped = database.dsl().connectionResult(c -> {
                try (var rows = c.createStatement().executeQuery("pragma mmap_size")) {
                    rows.next();
                    return rows.getLong(1);
                }
            });
            assertThat(mapped).as("bytes SQLite maps (its default is 0)").isEqualTo(Database.SQLITE_MMAP_BYTES);
        }
    }
}
