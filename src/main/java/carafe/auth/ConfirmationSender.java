package carafe.auth;

/**
 * Mails the link that proves a user owns their address. The account feature implements it; sign-up
 * and sign-in only need to say when.
 */
public interface ConfirmationSender {
    ConfirmationSender NONE = new ConfirmationSender() {
        @Override
        public void send(User user) {}

        @Override
        public void remind(User user) {}
    };

    /** A link for the address just registered. */
    void send(User user);

    /** A new link for a user who tried to sign in unconfirmed, unless one went out a moment ago. */
    void remind(User user);
}
