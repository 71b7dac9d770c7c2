package carafe.web;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's error handler, for requests Jetty rejects before any route sees them (a malformed path such
 * as {@code %00} or an encoded slash, a bad header, an oversized header): they get a problem+json too,
 * never Jetty's HTML page, and nothing that names the server.
 *
 * <p>Each of these answers says {@code Connection: close}, and the connection closes after it. Jetty
 * closes after most of them anyway (a path with {@code %00} or {@code ..}, a request line too long or
 * of an unknown HTTP version), but without saying so: a client that reused the connection for its next
 * request found it closed without an answer (RFC 9112 §9.6: a server that closes says so). Saying it
 * also makes Jetty close after the rest (e.g. a path that is not UTF-8), so a client never has to guess
 * after a request it got wrong; such requests are too rare for the reconnect to cost anything
 * (ConnectionCloseTest).
 */
public final class LowLevelErrors extends ErrorHandler {
    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
                                    Callback callback) {
        byte[] body = problemJson(code);
        var headers = response.getHeaders();
        headers.put(HttpHeader.CONTENT_TYPE, Problem.CONTENT_TYPE);
        headers.put(HttpHeader.CACHE_CONTROL, "no-store");
        headers.put("X-Content-Type-Options", "nosniff");
        headers.put(HttpHeader.CONNECTION, "close");
        response.write(true, ByteBuffer.wrap(body), callback);
    }

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(new HttpField(HttpHeader.CONTENT_TYPE, Problem.CONTENT_TYPE));
        fields.put(new HttpField(HttpHeader.CACHE_CONTROL, "no-store"));
        fields.put(new HttpField(HttpHeader.CONNECTION, "close"));
        return ByteBuffer.wrap(problemJson(status));
    }

    private static byte[] problemJson(int code) {
        String title = switch (code) {
            case 400 -> "Bad request";
            case 404 -> "Not found";
            case 413 -> "Content too large";
            case 414 -> "URI too long";
            case 431 -> "Request header fields too large";
            default -> {
                String reason = HttpStatus.getMessage(code);
                yield reason == null ? "Error" : reason;
            }
        };
        String detail = code == 400 ? "The request is malformed (its path, headers or encoding)." : title + ".";
        return ("{\"type\":\"about:blank\",\"title\":\"" + title + "\",\"status\":" + code + ",\"detail\":\"" + detail
                + "\"}").getBytes(StandardCharsets.UTF_8);
    }
}
