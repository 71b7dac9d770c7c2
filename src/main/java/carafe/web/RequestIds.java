package carafe.web;

import io.javalin.http.Context;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * A short id per request, taken from a sane X-Request-Id (set by a proxy) or made up, echoed in the
 * response and quoted in 500 answers and logs so a user's report can be matched to a log line.
 */
public final class RequestIds {
    private static final String ATTRIBUTE = "carafe.requestId";
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private RequestIds() {}

    public static void assign(Context ctx) {
        String incoming = ctx.header("X-Request-Id");
        String id = incoming != null && SAFE.matcher(incoming).matches()
                ? incoming
                : Long.toHexString(ThreadLocalRandom.current().nextLong() | Long.MIN_VALUE);
        ctx.attribute(ATTRIBUTE, id);
        ctx.header("X-Request-Id", id);
    }

    public static String of(Context ctx) {
        String id = ctx.attribute(ATTRIBUTE);
        return id == null ? "-" : id;
    }
}
