package carafe.mail;

import static carafe.db.schema.Tables.MAIL_QUEUE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import carafe.support.CarafeServer;
import carafe.support.Eventually;
import carafe.support.MailServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An SMTP server that accepts connections and never answers holds whoever talks to it until the
 * timeout (two minutes here). Queueing mail does not talk to it, so it returns at once.
 */
class EnqueueNeverWaitsTest {
    static final SilentServer silent = SilentServer.start();

    @RegisterExtension
    static final CarafeServer server = new CarafeServer()
            .with("CARAFE_SMTP_URL", "smtp://" + MailServer.HOST + ":" + silent.port())
            .with("CARAFE_SMTP_TIMEOUT", "2m");

    @AfterAll
    static void hangUp() throws IOException {
        silent.close(); // the worker's read fails now instead of in two minutes
    }

    @Test
    void queueing_mail_returns_while_the_mail_server_hangs() {
        var mails = server.app().accountMails();
        mails.passwordReset(CarafeServer.uniqueEmail("first"), "Ada", URI.create("https://app.example.com/reset/1"));
        Eventually.until("the worker is connected to the silent server", () -> !silent.connections.isEmpty());

        String second = CarafeServer.uniqueEmail("second");
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            mails.passwordReset(second, "Ada", URI.create("https://app.example.com/reset/2"));
            mails.emailConfirmation(second, "Ada", URI.create("https://app.example.com/confirm/3"));
        });

        assertThat(server.db().fetchCount(MAIL_QUEUE, MAIL_QUEUE.RECIPIENT.eq(second))).isEqualTo(2);
    }

    /** Accepts connections and says nothing. */
    record SilentServer(ServerSocket socket, List<Socket> connections) {
        static SilentServer start() {
            try {
                var server = new SilentServer(new ServerSocket(0, 50, InetAddress.getByName(MailServer.HOST)),
                        new CopyOnWriteArrayList<>());
                Thread.ofPlatform().daemon().name("silent-smtp").start(server::accept);
                return server;
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        int port() {
            return socket.getLocalPort();
        }

        private void accept() {
            try {
                while (true) connections.add(socket.accept());
            } catch (IOException closed) {
                // close() ends the loop
            }
        }

        void close() throws IOException {
            socket.close();
            for (Socket connection : connections) connection.close();
        }
    }
}
