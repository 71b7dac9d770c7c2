package carafe.auth;

import carafe.app.Config;
import carafe.db.Database;
import carafe.db.Migrations;
import carafe.support.TestDatabase;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** The session store contract against the {@code sessions} table, on the run's database (SQLite or PostgreSQL). */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DatabaseSessionStoreTest extends SessionStoreContract {
    private static final AtomicInteger EMAILS = new AtomicInteger();
    @TempDir
    static Path folder;
    private TestDatabase testDatabase;
    private Database database;
    private SessionStore store;
    private UserRepository users;

    @BeforeAll
    void open() {
        testDatabase = TestDatabase.create(folder);
        database = Database.open(Config.from(Map.of("CARAFE_DATABASE_URL", testDatabase.url(),
                "CARAFE_DATA_DIR", folder.toString())));
        new Migrations(database).migrate();
        store = new DatabaseSessionStore(database.dsl());
        users = new UserRepository(database.dsl());
    }

    @AfterAll
    void close() {
        if (database != null) database.close();
        if (testDatabase != null) testDatabase.close();
    }

    @Override
    protected SessionStore store() {
        return store;
    }

    @Override
    protected long newUser() {
        return users.insert("store" + EMAILS.incrementAndGet() + "@example.com", "Store", "hash", Instant.now()).id();
    }
}
