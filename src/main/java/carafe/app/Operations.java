package carafe.app;

import carafe.account.OneTimeTokens;
import carafe.admin.AdminUsers;
import carafe.audit.AuditLog;
import carafe.auth.ApiTokens;
import carafe.auth.Sessions;
import carafe.auth.UserRepository;
import carafe.db.Database;
import carafe.db.Migrations;
import carafe.redis.Redis;
import java.time.Clock;

/**
 * What the operator commands work with, built from the same {@link Config} as {@code serve} and the
 * same classes as the running app, so a command and a request apply the same rules.
 */
final class Operations implements AutoCloseable {
    final Database database;
    private final Redis redis;
    final Clock clock;
    final UserRepository users;
    final AuditLog audit;
    final Sessions sessions;
    final ApiTokens apiTokens;
    final OneTimeTokens oneTimeTokens;
    final AdminUsers admin;

    private Operations(Config config, Clock clock) {
        this.database = Database.open(config);
        try {
            // As serve does: a command against a fresh database finds the tables it needs.
            if (config.migrateOnStart()) new Migrations(database).migrate();
            this.redis = SharedState.redis(config);
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
        this.clock = clock;
        var dsl = database.dsl();
        this.users = new UserRepository(dsl);
        this.audit = new AuditLog(dsl, clock);
        // The sessions the servers use (Redis when configured): deactivating a user here ends them.
        this.sessions = SharedState.sessions(config, database, redis, clock);
        this.apiTokens = new ApiTokens(dsl, audit, clock);
        this.oneTimeTokens = new OneTimeTokens(dsl, clock);
        this.admin = new AdminUsers(dsl, sessions, apiTokens, audit, clock);
    }

    static Operations open(Config config) {
        return new Operations(config, Main.CLOCK);
    }

    @Override
    public void close() {
        if (redis != null) redis.close();
        database.close();
    }
}
