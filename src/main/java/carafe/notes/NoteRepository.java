package carafe.notes;

import static carafe.db.schema.Tables.NOTES;
import static org.jooq.impl.DSL.inline;
import static org.jooq.impl.DSL.lower;
import static org.jooq.impl.DSL.param;
import static org.jooq.impl.DSL.position;
import static org.jooq.impl.DSL.row;
import static org.jooq.impl.DSL.val;

import carafe.db.RenderedQuery;
import carafe.db.schema.tables.records.NotesRecord;
import carafe.web.PageCursor;
import carafe.web.RetryKey;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;

/** The {@code notes} table. Every query names the owner: one user never reads or changes another's notes. */
final class NoteRepository {
    private final DSLContext db;
    /**
     * Notes-only performance work, which a copy leaves out (the generator does): the newest notes of an
     * owner are the first page of the list and the home page, read far more often than any other page,
     * so the query is rendered to SQL once (docs/decisions/0017-signed-in-lookup.md). Later pages and
     * searches bind an instant and text, which go through jOOQ's converters, so they are built per call.
     */
    private final RenderedQuery newest;

    NoteRepository(DSLContext db) {
        this.db = db;
        this.newest = new RenderedQuery(db, db.selectFrom(NOTES)
                .where(NOTES.OWNER_ID.eq(param("owner", Long.class)))
                .orderBy(NOTES.CREATED_AT.desc(), NOTES.ID.desc())
                .limit(param("limit", Integer.class)));
    }

    /** Up to {@code limit} notes, newest first, older than the cursor when there is one, matching the search. */
    List<Note> page(long ownerId, PageCursor after, String search, int limit) {
        if (after == null && search == null) return newest.fetch(ownerId, limit).map(row -> toNote(row.into(NOTES)));
        Condition condition = NOTES.OWNER_ID.eq(ownerId);
        if (after != null) condition = condition.and(row(NOTES.CREATED_AT, NOTES.ID).lt(after.createdAt(), after.id()));
        if (search != null) condition = condition.and(containsIgnoringCase(search));
        return db.selectFrom(NOTES)
                .where(condition)
                .orderBy(NOTES.CREATED_AT.desc(), NOTES.ID.desc())
                .limit(limit)
                .fetch(NoteRepository::toNote);
    }

    Optional<Note> find(long ownerId, long id) {
        return db.selectFrom(NOTES).where(NOTES.ID.eq(id), NOTES.OWNER_ID.eq(ownerId)).fetchOptional(NoteRepository::toNote);
    }

    /** {@code idempotencyKey}: the hash of the request's Idempotency-Key, or null ({@link RetryKey}). */
    Note insert(long ownerId, String title, String body, Instant now, String idempotencyKey) {
        return db.insertInto(NOTES)
                .set(NOTES.OWNER_ID, ownerId)
                .set(NOTES.TITLE, title)
                .set(NOTES.BODY, body)
                .set(NOTES.CREATED_AT, now)
                .set(NOTES.UPDATED_AT, now)
                .set(NOTES.VERSION, 1)
                .set(NOTES.IDEMPOTENCY_KEY, idempotencyKey)
                .returning()
                .fetchOne(NoteRepository::toNote);
    }

    /** The note an earlier request with this Idempotency-Key made, if it made one ({@link RetryKey}). */
    Optional<Note> createdWith(long ownerId, RetryKey key) {
        return db.selectFrom(NOTES)
                .where(NOTES.OWNER_ID.eq(ownerId), NOTES.IDEMPOTENCY_KEY.eq(key.hash()), NOTES.CREATED_AT.ge(key.since()))
                .fetchOptional(NoteRepository::toNote);
    }

    /**
     * Replaces title and body only if the note still has the version the client saw: the check and the
     * write are one statement, so of two concurrent writers with the same version exactly one wins.
     */
    Optional<Note> update(long ownerId, long id, int expectedVersion, String title, String body, Instant now) {
        return db.update(NOTES)
                .set(NOTES.TITLE, title)
                .set(NOTES.BODY, body)
                .set(NOTES.UPDATED_AT, now)
                .set(NOTES.VERSION, NOTES.VERSION.plus(1))
                .where(NOTES.ID.eq(id), NOTES.OWNER_ID.eq(ownerId), NOTES.VERSION.eq(expectedVersion))
                .returning()
                .fetchOptional(NoteRepository::toNote);
    }

    boolean delete(long ownerId, long id) {
        return db.deleteFrom(NOTES).where(NOTES.ID.eq(id), NOTES.OWNER_ID.eq(ownerId)).execute() == 1;
    }

    /**
     * Case-insensitive substring match on title or body: {@code position(lower(?) in lower(title)) > 0},
     * {@code instr(...)} on SQLite. A plain substring search has no wildcards to escape, and PostgreSQL
     * cannot estimate how many notes it matches, so every plan, generic or custom, walks the owner's
     * notes newest first and stops at the page's end (docs/decisions/0011-note-search-plan.md).
     */
    private static Condition containsIgnoringCase(String search) {
        Field<String> term = lower(val(search));
        return position(lower(NOTES.TITLE), term).gt(inline(0)).or(position(lower(NOTES.BODY), term).gt(inline(0)));
    }

    private static Note toNote(NotesRecord r) {
        return new Note(r.getId(), r.getTitle(), r.getBody(), r.getCreatedAt(), r.getUpdatedAt(), r.getVersion());
    }
}
