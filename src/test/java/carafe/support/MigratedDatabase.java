package carafe.support;

import carafe.app.Config;
import carafe.db.Database;
import carafe.db.Migrations;
import java.nio.file.Path;
import java.util.Map;
import org.jooq.DSLContext;

/**
 * The run's database (SQLite or PostgreSQL), fresh and migrated, opened as the server opens it: for
 * tests of a repository or a store without a server. {@link #close()} closes the pool and drops it.
 */
public final class MigratedDatabase implements AutoCloseable {
    private final TestDatabase testDatabase;
    private final Database database;

    private MigratedDatabase(TestDatabase testDatabase, Database database) {
        this.testDatabase = testDatabase;
        this.database = database;
    }

    public static MigratedDatabase create(Path folder) {
        var testDatabase = TestDatabase.create(folder);
        var database = Database.open(Config.from(Map.of("CARAFE_DATABASE_URL", testDatabase.url(),
                "CARAFE_DATA_DIR", folder.toString())).database());
        new Migrations(database).migrate();
        return new MigratedDatabase(testDatabase, database);
    }

    public Database database() {
        return database;
    }

    public DSLContext dsl() {
        return database.dsl();
    }

    @Override
    public void close() {
        try {
            database.close();
        } finally {
            testDatabase.close();
        }
    }
}
