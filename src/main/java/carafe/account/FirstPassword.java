package carafe.account;

import carafe.auth.AcceptablePassword;

/** A first password for an account that has none (one an identity provider made). */
public record FirstPassword(@AcceptablePassword String newPassword) {}
