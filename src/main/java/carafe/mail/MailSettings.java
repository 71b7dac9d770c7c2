package carafe.mail;

import java.time.Duration;

/**
 * The mail settings of {@code carafe.app.Config}.
 *
 * @param smtp where to send; null writes each mail to the outbox folder instead (development)
 * @param from the From header, e.g. {@code Carafe <no-reply@example.com>}, checked at start-up
 * @param smtpTimeout how long connecting to the SMTP server, or any one read or write, may take
 * @param pollInterval how often the worker looks for due mail besides being woken by a new one
 * @param lease how long a worker owns a mail it is sending before another instance may take it over
 * @param retryDelay the wait before the first retry; it doubles with each failure, up to an hour
 * @param maxAttempts attempts before a mail is given up (marked failed, never sent)
 * @param failedRetention how long a mail given up stays in the queue for an operator to inspect before
 *                        the janitor deletes it
 */
public record MailSettings(SmtpSettings smtp, String from, Duration smtpTimeout, Duration pollInterval,
                           Duration lease, Duration retryDelay, int maxAttempts, Duration failedRetention) {
    public static final String DEFAULT_FROM = "Carafe <no-reply@localhost>";
}
