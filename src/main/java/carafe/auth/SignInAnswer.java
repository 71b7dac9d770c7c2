package carafe.auth;

/** The API's answer to a right first factor: signed in, or a second factor due. */
public sealed interface SignInAnswer permits SignedIn, SecondFactorDue {}
