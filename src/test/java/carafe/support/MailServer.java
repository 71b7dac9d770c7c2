package carafe.support;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Address;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real SMTP server (GreenMail) for a test class, on a free port chosen when the extension is built,
 * so its URL can go into {@link CarafeServer#with} before either starts. {@link #stop()} and
 * {@link #start()} simulate an outage; messages received before a restart are kept.
 *
 * <pre>{@code
 * @RegisterExtension @Order(1) static final MailServer mail = new MailServer();
 * @RegisterExtension @Order(2) static final CarafeServer server =
 *         new CarafeServer().with("CARAFE_SMTP_URL", mail.smtpUrl());
 * }</pre>
 */
public final class MailServer implements BeforeAllCallback, AfterAllCallback {
    public static final String HOST = "127.0.0.1";
    private static final Duration WAIT = Duration.ofSeconds(20);

    private final int port = freePort();
    private final GreenMailConfiguration configuration = GreenMailConfiguration.aConfig();
    private final List<MimeMessage> beforeRestart = new ArrayList<>();
    private GreenMail greenMail;

    /** Adds an account; a client that authenticates must then use its login and password. */
    public MailServer withUser(String login, String password) {
        configuration.withUser(login, password);
        return this;
    }

    public int port() {
        return port;
    }

    /** {@code smtp://127.0.0.1:PORT}, without credentials. */
    public String smtpUrl() {
        return "smtp://" + HOST + ":" + port;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        stop();
    }

    /** Starts (again) on the same port. */
    public synchronized void start() {
        if (greenMail != null) return;
        var server = new GreenMail(new ServerSetup(port, HOST, ServerSetup.PROTOCOL_SMTP)).withConfiguration(configuration);
        server.start();
        greenMail = server;
    }

    /** Stops listening: connections are refused until {@link #start()}. */
    public synchronized void stop() {
        if (greenMail == null) return;
        beforeRestart.addAll(Arrays.asList(greenMail.getReceivedMessages()));
        greenMail.stop();
        greenMail = null;
    }

    /** Every message received so far, across restarts. */
    public synchronized List<MimeMessage> received() {
        var all = new ArrayList<>(beforeRestart);
        if (greenMail != null) all.addAll(Arrays.asList(greenMail.getReceivedMessages()));
        return all;
    }

    /** The messages received so far with {@code address} among their To recipients. */
    public List<MimeMessage> receivedBy(String address) {
        return received().stream().filter(message -> isTo(message, address)).toList();
    }

    /** Waits (a while) for a message to {@code address} and returns the first one; fails if none comes. */
    public MimeMessage awaitOne(String address) {
        return await(address, 1).getFirst();
    }

    /** Waits (a while) until at least {@code count} messages to {@code address} came; fails if they do not. */
    public List<MimeMessage> await(String address, int count) {
        Instant deadline = Instant.now().plus(WAIT);
        while (true) {
            List<MimeMessage> messages = receivedBy(address);
            if (messages.size() >= count) return messages;
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("Expected " + count + " message(s) to " + address + " within " + WAIT
                        + ", got " + messages.size());
            }
            pause(Duration.ofMillis(50));
        }
    }

    /** Waits (a while) for a message to {@code address} with this subject and returns it; fails if none comes. */
    public MimeMessage awaitSubject(String address, String subject) {
        Instant deadline = Instant.now().plus(WAIT);
        while (true) {
            var found = receivedBy(address).stream().filter(m -> Mails.subject(m).equals(subject)).findFirst();
            if (found.isPresent()) return found.get();
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("Expected a message \"" + subject + "\" to " + address + " within " + WAIT);
            }
            pause(Duration.ofMillis(50));
        }
    }

    public static void pause(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private static boolean isTo(MimeMessage message, String address) {
        try {
            Address[] to = message.getRecipients(Message.RecipientType.TO);
            return to != null && Arrays.stream(to)
                    .anyMatch(a -> a instanceof InternetAddress i && i.getAddress().equalsIgnoreCase(address));
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int freePort() {
        try (var socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
