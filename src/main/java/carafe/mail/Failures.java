package carafe.mail;

/** One-line descriptions of failures for logs and the queue's last_error column. */
final class Failures {
    static final int MAX_LENGTH = 500;

    private Failures() {}

    /**
     * The exception's message and its causes', e.g. "Couldn't connect to host ... (ConnectException:
     * Connection refused)", on one line: a server's reply must not forge log lines.
     */
    static String describe(Throwable failure) {
        var text = new StringBuilder(message(failure));
        for (Throwable cause = failure.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
            // Jakarta Mail's exceptions already include their causes' messages in their own.
            if (text.indexOf(message(cause).strip()) >= 0) continue;
            text.append(" (").append(cause.getClass().getSimpleName()).append(": ").append(message(cause)).append(')');
        }
        return oneLine(text.toString());
    }

    /** {@code text} on one line of at most {@value #MAX_LENGTH} characters. */
    static String oneLine(String text) {
        return OneLine.of(text, MAX_LENGTH);
    }

    private static String message(Throwable failure) {
        return failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
    }
}
