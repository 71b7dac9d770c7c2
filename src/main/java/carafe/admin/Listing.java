package carafe.admin;

import java.util.List;

/** One page of an admin listing, newest first; {@code nextCursor} fetches the next page, null at the end. */
public record Listing<T>(List<T> items, String nextCursor) {}
