package carafe.account;

/** A one-time link that was just used: whose it is, what for, and the address it was sent to. */
public record OneTimeToken(long userId, TokenPurpose purpose, String email) {}
