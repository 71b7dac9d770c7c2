package carafe.oidc;

/**
 * What a browser's sign-in at a provider must bring back (kept as its ceremony, where sessions are):
 * the provider, the state, nonce and PKCE verifier sent with it, why it was started, the signed-in user
 * of a link or re-authentication, where to go after, and "keep me signed in".
 */
record SignInFlow(String provider, String state, String nonce, String verifier, Identities.Intent intent,
                  Long userId, String next, boolean remember) {}
