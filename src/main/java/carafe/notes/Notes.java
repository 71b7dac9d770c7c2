package carafe.notes;

import carafe.web.NotFound;
import carafe.web.PageCursor;
import carafe.web.PreconditionFailed;
import carafe.web.RetryKey;
import carafe.web.ValidationFailed;
import java.time.Clock;
import java.util.List;
import org.jooq.DSLContext;

/** What a user can do with their notes. Knows nothing of HTTP; every method takes the owner's id. */
public final class Notes {
    public static final int DEFAULT_PAGE_SIZE = 20;
    public static final int MAX_PAGE_SIZE = 100;
    private static final int MAX_SEARCH_LENGTH = 200;

    private final NoteRepository repository;
    private final Clock clock;

    public Notes(DSLContext db, Clock clock) {
        this.repository = new NoteRepository(db);
        this.clock = clock;
    }

    /** One page of the owner's notes, newest first; {@code cursor} and {@code search} may be null. */
    public NotePage list(long ownerId, int limit, String cursor, String search) {
        if (limit < 1 || limit > MAX_PAGE_SIZE) {
            throw new ValidationFailed("limit", "must be a whole number from 1 to " + MAX_PAGE_SIZE);
        }
        String query = search == null || search.isBlank() ? null : search.strip();
        if (query != null && query.length() > MAX_SEARCH_LENGTH) {
            throw new ValidationFailed("q", "must be at most " + MAX_SEARCH_LENGTH + " characters");
        }
        PageCursor after = cursor == null || cursor.isEmpty() ? null : PageCursor.decode(cursor);
        // One more than asked tells whether there is a next page without a second query.
        List<Note> found = repository.page(ownerId, after, query, limit + 1);
        if (found.size() <= limit) return new NotePage(found, null);
        List<Note> items = found.subList(0, limit);
        Note last = items.get(limit - 1);
        return new NotePage(List.copyOf(items), new PageCursor(last.createdAt(), last.id()).encode());
    }

    public List<Note> recent(long ownerId, int count) {
        return repository.page(ownerId, null, null, count);
    }

    public Note get(long ownerId, long id) {
        return repository.find(ownerId, id).orElseThrow(Notes::notFound);
    }

    /**
     * Makes a note; under an Idempotency-Key whose earlier request died after making one, answers that
     * one instead ({@link RetryKey}).
     */
    public Note create(long ownerId, NoteRequest request, RetryKey key) {
        if (key.afterLostAttempt()) {
            var made = repository.createdWith(ownerId, key);
            if (made.isPresent()) return made.get();
        }
        return repository.insert(ownerId, request.title(), request.bodyOrEmpty(), clock.instant(), key.hash());
    }

    /**
     * Replaces a note the caller has read ({@link #get}: 404 for a note that is not theirs) if it is
     * still at {@code expectedVersion}. Otherwise nothing changes and the answer is 412: someone saved
     * meanwhile, or deleted it (RFC 9110 §13.1.1: If-Match fails when no current version exists).
     */
    public Note update(long ownerId, long id, int expectedVersion, NoteRequest request) {
        return repository.update(ownerId, id, expectedVersion, request.title(), request.bodyOrEmpty(), clock.instant())
                .orElseThrow(Notes::changedSinceRead);
    }

    public void delete(long ownerId, long id) {
        if (!repository.delete(ownerId, id)) throw notFound();
    }

    /** 412: the note the client saw is not the current one. */
    public static PreconditionFailed changedSinceRead() {
        return new PreconditionFailed("The note has changed since you read it; fetch it again.");
    }

    private static NotFound notFound() {
        return new NotFound("No such note.");
    }
}
