package carafe.web;

import io.javalin.http.Context;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * Entity tags and the conditional headers that carry them (RFC 9110 §13): If-None-Match for cheap
 * re-reads (304), If-Match for updates that must not overwrite someone else's change (412).
 */
public final class ETags {
    private ETags() {}

    /** A strong tag from a version number: {@code "7"}. */
    public static String ofVersion(long version) {
        return "\"" + version + "\"";
    }

    /** A strong tag from the bytes of a representation (for lists, which have no version of their own). */
    public static String ofContent(byte[] representation) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(representation);
            return "\"" + Base64.getUrlEncoder().withoutPadding().encodeToString(digest).substring(0, 22) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether If-None-Match names this tag (weak comparison, as RFC 9110 asks for GET), or is "*". */
    public static boolean noneMatchHits(Context ctx, String etag) {
        String header = ctx.header("If-None-Match");
        return header != null && listContains(header, etag, true);
    }

    /** Whether an If-Match header names this tag (strong comparison), or is "*". */
    public static boolean ifMatchHits(String header, String etag) {
        return header != null && listContains(header, etag, false);
    }

    /** Marks a response as user data a browser may keep but must revalidate (SPEC §4). */
    public static void privateRevalidated(Context ctx, String etag) {
        ctx.header("ETag", etag);
        ctx.header("Cache-Control", "private, no-cache");
    }

    private static boolean listContains(String header, String etag, boolean weak) {
        for (String candidate : header.split(",")) {
            String tag = candidate.strip();
            if (tag.equals("*")) return true;
            if (tag.startsWith("W/")) {
                if (!weak) continue;
                tag = tag.substring(2);
            }
            if (tag.equals(etag)) return true;
        }
        return false;
    }
}
