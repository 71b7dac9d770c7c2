package carafe.notes;

import carafe.auth.Access;
import carafe.auth.Authentication;
import carafe.idempotency.Idempotency;
import carafe.web.ETags;
import carafe.web.JsonBody;
import carafe.web.PathIds;
import carafe.web.PreconditionRequired;
import carafe.web.QueryParams;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

/**
 * {@code /api/notes}: the signed-in user's notes as JSON. Reads carry an ETag and answer 304 to
 * If-None-Match; updates need If-Match, so nobody overwrites a change they have not seen; a create
 * retried with the same Idempotency-Key makes one note.
 */
public final class NotesApi {
    private final Notes notes;
    private final Authentication authentication;
    private final Idempotency idempotency;
    private final JsonBody json;
    private final ObjectMapper mapper;

    public NotesApi(Notes notes, Authentication authentication, Idempotency idempotency, JsonBody json,
                    ObjectMapper mapper) {
        this.notes = notes;
        this.authentication = authentication;
        this.idempotency = idempotency;
        this.json = json;
        this.mapper = mapper;
    }

    public void routes(RoutesConfig routes) {
        routes.get("/api/notes", this::list, Access.USER);
        routes.post("/api/notes", idempotency.of(this::create), Access.USER);
        routes.get("/api/notes/{id}", this::get, Access.USER);
        routes.put("/api/notes/{id}", this::update, Access.USER);
        routes.delete("/api/notes/{id}", this::delete, Access.USER);
    }

    private void list(Context ctx) throws JsonProcessingException {
        var page = notes.list(owner(ctx), QueryParams.limit(ctx, Notes.DEFAULT_PAGE_SIZE), ctx.queryParam("cursor"), ctx.queryParam("q"));
        byte[] body = mapper.writeValueAsBytes(page);
        String etag = ETags.ofContent(body);
        ETags.privateRevalidated(ctx, etag);
        if (ETags.noneMatchHits(ctx, etag)) {
            ctx.status(304);
            return;
        }
        ctx.contentType("application/json").result(body);
    }

    private void create(Context ctx) {
        Note note = notes.create(owner(ctx), json.read(ctx, NoteRequest.class), idempotency.keyOf(ctx));
        ETags.privateRevalidated(ctx, note.etag());
        ctx.status(201).header("Location", "/api/notes/" + note.id()).json(note);
    }

    private void get(Context ctx) {
        Note note = notes.get(owner(ctx), PathIds.of(ctx));
        ETags.privateRevalidated(ctx, note.etag());
        if (ETags.noneMatchHits(ctx, note.etag())) {
            ctx.status(304);
            return;
        }
        ctx.json(note);
    }

    private void update(Context ctx) {
        long owner = owner(ctx);
        Note current = notes.get(owner, PathIds.of(ctx));
        String ifMatch = ctx.header("If-Match");
        if (ifMatch == null) {
            throw new PreconditionRequired("Send If-Match with the note's ETag, so a change you have not seen is not overwritten.");
        }
        var request = json.read(ctx, NoteRequest.class);
        if (!ETags.ifMatchHits(ifMatch, current.etag())) throw Notes.changedSinceRead();
        Note updated = notes.update(owner, current.id(), current.version(), request);
        ETags.privateRevalidated(ctx, updated.etag());
        ctx.json(updated);
    }

    private void delete(Context ctx) {
        long owner = owner(ctx);
        long id = PathIds.of(ctx);
        String ifMatch = ctx.header("If-Match");
        if (ifMatch != null && !ETags.ifMatchHits(ifMatch, notes.get(owner, id).etag())) throw Notes.changedSinceRead();
        notes.delete(owner, id);
        ctx.status(204);
    }

    private long owner(Context ctx) {
        return authentication.user(ctx).id();
    }
}
