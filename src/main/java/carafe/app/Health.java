package carafe.app;

import carafe.auth.Access;
import carafe.db.Database;
import carafe.redis.Redis;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * Liveness (the process answers) and readiness (it can reach what it needs and is not shutting
 * down), for load balancers: a draining instance answers 503 here while it still serves requests.
 */
final class Health {
    private final Database database;
    private final Redis redis;
    private final BooleanSupplier draining;

    /** {@code redis} is null when sessions and limits are not in Redis. */
    Health(Database database, Redis redis, BooleanSupplier draining) {
        this.database = database;
        this.redis = redis;
        this.draining = draining;
    }

    void routes(RoutesConfig routes) {
        routes.get("/health/live", ctx -> ctx.json(Map.of("status", "UP")), Access.ANYONE);
        routes.get("/health/ready", this::ready, Access.ANYONE);
    }

    private void ready(Context ctx) {
        var checks = new LinkedHashMap<String, String>();
        checks.put("database", upOrDown(database.isReachable()));
        if (redis != null) checks.put("redis", upOrDown(redis.isReachable()));
        boolean shuttingDown = draining.getAsBoolean();
        if (shuttingDown) checks.put("shutdown", "IN_PROGRESS");
        boolean ready = !shuttingDown && checks.values().stream().allMatch("UP"::equals);
        ctx.status(ready ? 200 : 503).json(Map.of("status", ready ? "UP" : "DOWN", "checks", checks));
    }

    private static String upOrDown(boolean up) {
        return up ? "UP" : "DOWN";
    }
}
