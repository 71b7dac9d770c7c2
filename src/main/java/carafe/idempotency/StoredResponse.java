package carafe.idempotency;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The first answer to a request with an Idempotency-Key, as kept for its retries: the status, the
 * headers a replay repeats (e.g. Content-Type, Location, ETag) and the body.
 */
public record StoredResponse(int status, Map<String, String> headers, byte[] body) {
    public StoredResponse {
        headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    }

    /** The headers as stored: one "Name: value" line each (header values hold no line breaks). */
    public String headerLines() {
        return headers.entrySet().stream().map(h -> h.getKey() + ": " + h.getValue()).collect(Collectors.joining("\n"));
    }

    /** Reads back what {@link #headerLines} wrote. */
    public static Map<String, String> parseHeaderLines(String lines) {
        var headers = new LinkedHashMap<String, String>();
        if (lines == null || lines.isEmpty()) return headers;
        for (String line : lines.split("\n")) {
            int colon = line.indexOf(": ");
            headers.put(line.substring(0, colon), line.substring(colon + 2));
        }
        return headers;
    }
}
