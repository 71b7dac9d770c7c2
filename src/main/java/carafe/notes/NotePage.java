package carafe.notes;

import java.util.List;

/** One page of a listing, newest first; {@code nextCursor} fetches the next (older) page, null at the end. */
public record NotePage(List<Note> items, String nextCursor) {}
