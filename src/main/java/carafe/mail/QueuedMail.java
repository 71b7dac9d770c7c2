package carafe.mail;

/**
 * A row of {@code mail_queue} that a worker has claimed. The fields are kept as stored: {@link #mail()}
 * checks them again, and a row that fails the check counts as a failed attempt, not a stuck worker.
 *
 * @param attempts including the current one
 */
record QueuedMail(long id, String messageId, String to, String subject, String text, String html, int attempts) {
    Mail mail() {
        return new Mail(to, subject, text, html);
    }
}
