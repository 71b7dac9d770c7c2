package carafe.auth;

/** The session store contract against the {@code sessions} table, on the run's database (SQLite or PostgreSQL). */
class DatabaseSessionStoreTest extends SessionStoreContract {
    private SessionStore store;

    @Override
    protected SessionStore store() {
        if (store == null) store = new DatabaseSessionStore(database.dsl());
        return store;
    }
}
