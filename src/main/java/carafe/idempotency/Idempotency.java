package carafe.idempotency;

import carafe.auth.Authentication;
import carafe.web.RetryKey;
import carafe.web.Web;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes a create route safe to retry with an {@code Idempotency-Key} header
 * (draft-ietf-httpapi-idempotency-key-header), per signed-in user:
 * <pre>{@code routes.post("/api/notes", idempotency.of(this::create), Access.USER);}</pre>
 * The first request with a key runs the handler and its answer is kept ({@link IdempotencyKeys}); a
 * retry with the same key and the same body gets that answer again (status, body, Location, ETag) and
 * the handler does not run; the same key with another body is 422; while the first still runs, 409. A
 * request without the header runs the handler as it is, at the cost of one header lookup.
 */
public final class Idempotency implements Web.SafeRetries {
    public static final String HEADER = "Idempotency-Key";
    /** Set on a repeated answer, as Stripe does, so a client can tell a replay from a first answer. */
    public static final String REPLAYED = "Idempotent-Replayed";
    /** What a replay repeats besides status and body; the rest (request id, security headers) is the retry's own. */
    private static final List<String> REPEATED_HEADERS = List.of("Content-Type", "Location", "ETag", "Cache-Control");

    private static final String RETRY_KEY = RetryKey.class.getName();

    private static final Logger log = LoggerFactory.getLogger(Idempotency.class);

    private final IdempotencyKeys keys;
    private final Authentication authentication;

    public Idempotency(IdempotencyKeys keys, Authentication authentication) {
        this.keys = keys;
        this.authentication = authentication;
    }

    /** The handler of a route for signed-in users, answering retries with a key once. */
    @Override
    public Handler of(Handler create) {
        return ctx -> {
            String header = ctx.header(HEADER);
            if (header == null) {
                create.handle(ctx);
            } else {
                once(ctx, IdempotencyKey.parse(header), create);
            }
        };
    }

    private void once(Context ctx, IdempotencyKey key, Handler create) throws Exception {
        long userId = authentication.user(ctx).id();
        String requestHash = IdempotencyKeys.requestHash(ctx.method().name(), ctx.path(), ctx.bodyAsBytes());
        switch (keys.claim(userId, key, requestHash)) {
            case Claim.Replay replay -> replay(ctx, replay.response());
            case Claim.Granted granted -> {
                ctx.attribute(RETRY_KEY, keys.retryKey(granted));
                try {
                    create.handle(ctx);
                } catch (Exception | Error failed) {
                    // Nothing was created (a create is one transaction): free the key so a retry runs again.
                    releaseQuietly(granted, failed);
                    throw failed;
                }
                keep(granted, answer(ctx));
            }
            default -> throw new IllegalStateException("IdempotencyKeys.claim answers only Granted or Replay");
        }
    }

    /** The key the create being handled runs under, for its row to keep ({@link RetryKey}). */
    @Override
    public RetryKey keyOf(Context ctx) {
        RetryKey key = ctx.attribute(RETRY_KEY);
        return key == null ? RetryKey.NONE : key;
    }

    /**
     * Keeps the answer. If that fails (the store is briefly unreachable) the client still gets its answer,
     * which it will not retry; the key is freed when its lease runs out.
     */
    private void keep(Claim.Granted granted, StoredResponse answer) {
        try {
            if (!keys.complete(granted, answer)) {
                log.warn("An Idempotency-Key's lease ran out before its request answered; the answer was not kept");
            }
        } catch (RuntimeException e) {
            log.warn("Could not keep the answer of a request with an Idempotency-Key; its key is freed in {} s",
                    IdempotencyKeys.LEASE.toSeconds(), e);
        }
    }

    private void releaseQuietly(Claim.Granted granted, Throwable failed) {
        try {
            keys.release(granted);
        } catch (RuntimeException e) {
            failed.addSuppressed(e); // the lease frees the key in the end
        }
    }

    /** The answer the handler wrote, read back from the context (the body is put back for sending). */
    private static StoredResponse answer(Context ctx) throws IOException {
        var stream = ctx.resultInputStream();
        byte[] body = stream == null ? new byte[0] : stream.readAllBytes();
        ctx.result(body);
        var headers = new LinkedHashMap<String, String>();
        for (String name : REPEATED_HEADERS) {
            String value = name.equals("Content-Type") ? ctx.res().getContentType() : ctx.res().getHeader(name);
            if (value != null) headers.put(name, value);
        }
        return new StoredResponse(ctx.statusCode(), headers, body);
    }

    private static void replay(Context ctx, StoredResponse response) {
        ctx.status(response.status());
        response.headers().forEach((name, value) -> {
            if (name.equals("Content-Type")) ctx.contentType(value);
            else ctx.header(name, value);
        });
        ctx.header(REPLAYED, "true");
        ctx.result(response.body());
    }
}
