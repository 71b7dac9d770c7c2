package carafe.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import io.javalin.http.Handler;

/**
 * The HTTP parts every feature's routes share, built once by the app factory: who is signed in, safe
 * retries of creates, JSON bodies and the mapper, pages, flash messages and forms. A feature takes this
 * one value, so wiring it is one line ({@code new ProjectsRoutes(new Projects(db, clock), web).routes(routes)})
 * and a part added here later reaches every feature without touching their constructors.
 */
public record Web(SignedInUsers users, SafeRetries retries, JsonBody json, ObjectMapper mapper, Pages pages, Flash flash,
                  Forms forms) {
    /** The id of the signed-in user; the sign-in layer answers, which this package does not know. */
    @FunctionalInterface
    public interface SignedInUsers {
        long idOf(Context ctx);
    }

    /** Makes a create handler answer retries with an Idempotency-Key once; carafe.idempotency does it. */
    public interface SafeRetries {
        Handler of(Handler create);

        /** The key the request being handled runs under; {@link RetryKey#NONE} without one. */
        RetryKey keyOf(Context ctx);
    }

    /** The signed-in user's id, on a route whose access rule already required one. */
    public long userId(Context ctx) {
        return users.idOf(ctx);
    }

    /**
     * A create route's handler that a client may retry with the same {@code Idempotency-Key} and get the
     * first answer again, the resource made once: {@code routes.post(path, web.idempotent(this::create),
     * Access.USER)} (docs/decisions/0027-idempotency-keys.md).
     */
    public Handler idempotent(Handler create) {
        return retries.of(create);
    }

    /** The key an {@link #idempotent} create runs under, for its row to keep: see {@link RetryKey}. */
    public RetryKey retryKey(Context ctx) {
        return retries.keyOf(ctx);
    }
}
