package carafe.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;

/**
 * One kept-alive HTTP/1.1 connection spoken byte by byte, for what an HTTP client library hides: which
 * bytes a request carries (a malformed one, a body cut short) and whether the server closes the
 * connection after an answer.
 */
public final class RawConnection implements AutoCloseable {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private CompletableFuture<Void> writing = CompletableFuture.completedFuture(null);

    private RawConnection(Socket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    /** Connects to a server at {@code base}, e.g. {@code http://127.0.0.1:8080}. */
    public static RawConnection open(String base) {
        var url = URI.create(base);
        try {
            var socket = new Socket(url.getHost(), url.getPort());
            socket.setSoTimeout(10_000);
            return new RawConnection(socket);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether a new connection to 127.0.0.1 on this port is refused (a draining server closed its listener). */
    public static boolean refused(int port) {
        try (var probe = new Socket("127.0.0.1", port)) {
            return false;
        } catch (IOException refused) {
            return true;
        }
    }

    /**
     * Sends bytes on another thread, so a large body cannot stall the test while the server answers
     * before reading it; a server that closes meanwhile ends the write quietly.
     */
    public RawConnection send(byte[] bytes) {
        writing = writing.thenRunAsync(() -> {
            try {
                out.write(bytes);
                out.flush();
            } catch (IOException closedByServer) {
                // What is under test is the answer and the close, read below.
            }
        }, Thread.ofVirtual()::start);
        return this;
    }

    public RawConnection send(String request) {
        return send(request.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** Reads one answer: the status line, the headers, and a body framed by Content-Length or chunks. */
    public Answer read() {
        try {
            String head = readHead();
            var lines = head.split("\r\n");
            var headers = new ArrayList<String[]>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                headers.add(new String[] {lines[i].substring(0, colon).strip(), lines[i].substring(colon + 1).strip()});
            }
            int status = Integer.parseInt(lines[0].split(" ")[1]);
            String length = Answer.valueOf(headers, "Content-Length");
            byte[] body = "chunked".equalsIgnoreCase(Answer.valueOf(headers, "Transfer-Encoding")) ? readChunks()
                    : in.readNBytes(length == null ? 0 : Integer.parseInt(length));
            return new Answer(status, List.copyOf(headers), new String(body, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Whether the server has closed the connection: the next read finds its end (or a reset) within the
     * read timeout. False when the server sends more or keeps the connection open.
     */
    public boolean closedByServer() {
        try {
            return in.read() < 0;
        } catch (SocketTimeoutException stillOpen) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String readHead() throws IOException {
        var head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) throw new IOException("closed without an answer after: " + head);
            head.write(b);
            matched = (b == '\r' && matched % 2 == 0) || (b == '\n' && matched % 2 == 1) ? matched + 1 : 0;
        }
        return head.toString(StandardCharsets.ISO_8859_1).strip();
    }

    private byte[] readChunks() throws IOException {
        var body = new ByteArrayOutputStream();
        while (true) {
            int size = Integer.parseInt(readLine().split(";")[0].strip(), 16);
            if (size == 0) {
                while (!readLine().isEmpty()) {
                    // trailers
                }
                return body.toByteArray();
            }
            body.write(in.readNBytes(size));
            readLine();
        }
    }

    private String readLine() throws IOException {
        var line = new StringBuilder();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) throw new IOException("closed in the middle of a chunked body");
            if (b != '\r') line.append((char) b);
        }
        return line.toString();
    }

    /** An answer as read off the wire. Header names compare ignoring case, as HTTP says. */
    public record Answer(int status, List<String[]> headers, String body) {
        public String header(String name) {
            return valueOf(headers, name);
        }

        /** Whether the answer announces that the server closes the connection after it. */
        public boolean saysClose() {
            String connection = header("Connection");
            return connection != null && connection.toLowerCase(Locale.ROOT).contains("close");
        }

        static String valueOf(List<String[]> headers, String name) {
            return headers.stream().filter(h -> h[0].equalsIgnoreCase(name)).map(h -> h[1]).findFirst().orElse(null);
        }
    }
}
