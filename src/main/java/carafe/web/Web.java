package carafe.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;

/**
 * The HTTP parts every feature's routes share, built once by the app factory: who is signed in, JSON
 * bodies and the mapper, pages, flash messages and forms. A feature takes this one value, so wiring it
 * is one line ({@code new ProjectsRoutes(new Projects(db, clock), web).routes(routes)}) and a part added
 * here later (e.g. idempotent retries) reaches every feature without touching their constructors.
 */
public record Web(SignedInUsers users, JsonBody json, ObjectMapper mapper, Pages pages, Flash flash, Forms forms) {
    /** The id of the signed-in user; the sign-in layer answers, which this package does not know. */
    @FunctionalInterface
    public interface SignedInUsers {
        long idOf(Context ctx);
    }

    /** The signed-in user's id, on a route whose access rule already required one. */
    public long userId(Context ctx) {
        return users.idOf(ctx);
    }
}
