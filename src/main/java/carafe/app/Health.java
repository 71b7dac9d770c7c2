package carafe.app;

import carafe.auth.Access;
import carafe.db.Database;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.Map;

/** Liveness (the process answers) and readiness (it can reach what it needs), for load balancers. */
final class Health {
    private final Database database;

    Health(Database database) {
        this.database = database;
    }

    void routes(RoutesConfig routes) {
        routes.get("/health/live", ctx -> ctx.json(Map.of("status", "UP")), Access.ANYONE);
        routes.get("/health/ready", this::ready, Access.ANYONE);
    }

    private void ready(Context ctx) {
        boolean databaseUp = database.isReachable();
        ctx.status(databaseUp ? 200 : 503).json(Map.of(
                "status", databaseUp ? "UP" : "DOWN",
                "checks", Map.of("database", databaseUp ? "UP" : "DOWN")));
    }
}
