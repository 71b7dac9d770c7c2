package carafe.auth;

import io.javalin.security.RouteRole;

/**
 * Rules a route may add to its {@link Access} rule about how well the caller is signed in;
 * {@link AccessControl} enforces them before the handler runs.
 */
public enum Assurance implements RouteRole {
    /**
     * A sensitive change (SPEC §9 "Recent authentication", ASVS 7.5.x): the session must have been made
     * or renewed by re-authentication within CARAFE_REAUTH_WINDOW, else 401 reauthentication-required
     * (pages go to {@code /reauthenticate}). An API token is never recent: 403.
     */
    RECENT_SIGN_IN,
    /**
     * Open to a user whose role requires a second factor they have not set up yet
     * (CARAFE_MFA_REQUIRED_ROLES): the factor setup, the session, sign-out and re-authentication. Every
     * other route answers such a user 403 mfa-enrolment-required (pages go to the setup).
     */
    BEFORE_SECOND_FACTOR
}
