package carafe.oidc;

import carafe.audit.AuditLog;
import carafe.audit.AuditType;
import carafe.audit.RequestOrigin;
import carafe.auth.Access;
import carafe.auth.Accounts;
import carafe.auth.Amr;
import carafe.auth.Assurance;
import carafe.auth.AuthPages;
import carafe.auth.Authentication;
import carafe.auth.Ceremonies;
import carafe.auth.PagePart;
import carafe.auth.SignInSteps;
import carafe.auth.User;
import carafe.web.BrowserIds;
import carafe.web.Conflict;
import carafe.web.Flash;
import carafe.web.NotFound;
import carafe.web.Pages;
import carafe.web.PathIds;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.openid.connect.sdk.Nonce;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpStatus;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.List;

/**
 * Signing in with an identity provider (SPEC §9): {@code GET /auth/oidc/{name}} sends the browser to the
 * provider (code flow, PKCE S256, state and nonce kept as this browser's ceremony, ten minutes), and
 * {@code GET /auth/oidc/{name}/callback} takes it back: the state must be this browser's, the code is
 * exchanged and the ID token validated, then the account is signed in (its second factor still asked
 * for), linked, or refused with a page that says why. The same round trip links a provider from the
 * account page and re-authenticates.
 */
public final class IdentityProviderPages {
    private static final String CEREMONY = "oidc";
    private static final Duration CEREMONY_LIFETIME = Duration.ofMinutes(10);

    private final Identities identities;
    private final Authentication authentication;
    private final Accounts accounts;
    private final SignInSteps steps;
    private final Ceremonies ceremonies;
    private final BrowserIds browsers;
    private final AuditLog audit;
    private final Pages pages;
    private final Flash flash;
    private final ObjectMapper mapper;
    private final URI baseUrl;

    public IdentityProviderPages(Identities identities, Authentication authentication, Accounts accounts,
                                 SignInSteps steps, Ceremonies ceremonies, BrowserIds browsers, AuditLog audit,
                                 Pages pages, Flash flash, ObjectMapper mapper, URI baseUrl) {
        this.identities = identities;
        this.authentication = authentication;
        this.accounts = accounts;
        this.steps = steps;
        this.ceremonies = ceremonies;
        this.browsers = browsers;
        this.audit = audit;
        this.pages = pages;
        this.flash = flash;
        this.mapper = mapper;
        this.baseUrl = baseUrl;
    }

    /** The account page's part: the linked providers, with "Unlink", and a "Link" button for each other one. */
    public PagePart accountPart() {
        return (templates, page, user) -> templates.oidcSection(page, identities.list(user.id()), identities.providers());
    }

    /**
     * The sign-in buttons of the login page: one per provider, each submitting the sign-in form to
     * {@code POST /auth/oidc/{name}} so "Keep me signed in" and where to go next come along.
     */
    public List<AuthPages.WayIn> waysIn() {
        return identities.providers().stream()
                .map(p -> new AuthPages.WayIn("Sign in with " + p.label(), "/auth/oidc/" + p.name(), true)).toList();
    }

    /** The buttons of /reauthenticate for a user: one per provider they linked that is still configured. */
    public List<AuthPages.WayIn> waysToConfirm(User user) {
        return identities.list(user.id()).stream().map(Identities.Linked::provider).distinct()
                .flatMap(name -> identities.provider(name).stream())
                .map(p -> new AuthPages.WayIn("Confirm with " + p.settings().label(), "/reauthenticate/oidc/" + p.settings().name()))
                .toList();
    }

    public void routes(RoutesConfig routes) {
        routes.get("/auth/oidc/{name}", this::signIn, Access.SIGN_IN);
        routes.post("/auth/oidc/{name}", this::signInFromLoginForm, Access.SIGN_IN);
        routes.get("/auth/oidc/{name}/callback", this::callback, Access.SIGN_IN);
        // SPEC §9: linking needs a recent sign-in, like every change to the ways into an account.
        routes.post("/account/identities/{name}", this::link, Access.USER, Assurance.RECENT_SIGN_IN);
        routes.post("/reauthenticate/oidc/{name}", this::reauthenticate, Access.USER, Assurance.BEFORE_SECOND_FACTOR);
        routes.post("/account/identities/{id}/unlink", this::unlink, Access.USER, Assurance.RECENT_SIGN_IN);
    }

    private void signIn(Context ctx) {
        boolean remember = "on".equals(ctx.queryParam("remember")) || "true".equals(ctx.queryParam("remember"));
        String next = AuthPages.safeNext(ctx.queryParam("next"));
        // The ceremony keeps where to go after; an address that long is nobody's page.
        start(ctx, provider(ctx), Identities.Intent.SIGN_IN, null, next.length() > 500 ? "/" : next, remember);
    }

    /**
     * The login page's provider button, which submits the sign-in form here: its "Keep me signed in" and
     * next are this flow's; a password typed in it is ignored. No pre-session token is asked: like the
     * GET, this only sends the browser to its provider, where the person signs in as themselves.
     */
    private void signInFromLoginForm(Context ctx) {
        String next = AuthPages.safeNext(ctx.formParam("next"));
        start(ctx, provider(ctx), Identities.Intent.SIGN_IN, null, next.length() > 500 ? "/" : next,
                "on".equals(ctx.formParam("remember")));
    }

    private void link(Context ctx) {
        start(ctx, provider(ctx), Identities.Intent.LINK, authentication.user(ctx).id(), "/account", false);
    }

    private void reauthenticate(Context ctx) {
        start(ctx, provider(ctx), Identities.Intent.REAUTHENTICATE, authentication.user(ctx).id(),
                AuthPages.safeNext(ctx.formParam("next")), false);
    }

    private void unlink(Context ctx) {
        try {
            identities.unlink(authentication.user(ctx), PathIds.of(ctx), RequestOrigin.of(ctx));
            flash.set(ctx, Flash.Kind.SUCCESS, "Unlinked: that account no longer signs you in.");
        } catch (Conflict lastWayIn) {
            flash.set(ctx, Flash.Kind.ERROR, lastWayIn.detail());
        }
        ctx.redirect("/account#identities", HttpStatus.SEE_OTHER);
    }

    private void start(Context ctx, IdentityProvider provider, Identities.Intent intent, Long userId, String next,
                       boolean remember) {
        var state = new State();
        var nonce = new Nonce();
        var verifier = new CodeVerifier();
        URI destination;
        try {
            destination = provider.authorizationRequest(redirect(provider), state, nonce, verifier,
                    intent == Identities.Intent.REAUTHENTICATE);
        } catch (IdentityProvider.Refused unreachable) {
            refuse(ctx, 503, provider.settings(), unreachable.getMessage(), unreachable.detail(), userId);
            return;
        }
        var flow = new SignInFlow(provider.settings().name(), state.getValue(), nonce.getValue(), verifier.getValue(),
                intent, userId, next, remember);
        ceremonies.begin(browsers.of(ctx), CEREMONY, write(flow), CEREMONY_LIFETIME);
        // GET /auth/oidc/{name} answers 302 (SPEC §9); the forms (link, confirm) 303, a GET after a POST.
        ctx.redirect(destination.toString(), ctx.method() == HandlerType.GET ? HttpStatus.FOUND : HttpStatus.SEE_OTHER);
    }

    private void callback(Context ctx) {
        var provider = provider(ctx);
        var settings = provider.settings();
        var flow = browsers.existing(ctx).flatMap(browser -> ceremonies.finish(browser, CEREMONY)).map(this::read)
                .filter(f -> f.provider().equals(settings.name()));
        // The state must be the one this browser was given: an answer meant for another browser (login CSRF,
        // a leaked callback address) or a second use of this one finds none.
        String state = ctx.queryParam("state");
        if (flow.isEmpty() || state == null || !MessageDigest.isEqual(flow.get().state().getBytes(StandardCharsets.UTF_8),
                state.getBytes(StandardCharsets.UTF_8))) {
            refuse(ctx, 400, settings, "this sign-in was not started in this browser, took too long, or was used already",
                    "unknown, expired or reused state", null);
            return;
        }
        var started = flow.get();
        String error = ctx.queryParam("error");
        if (error != null) {
            refuse(ctx, 400, settings, "it did not sign you in" + (error.equals("access_denied") ? " (you cancelled, or were not allowed)" : ""),
                    "provider error: " + error.replaceAll("[^A-Za-z0-9_.-]", "").substring(0, Math.min(error.length(), 60)),
                    started.userId());
            return;
        }
        String code = ctx.queryParam("code");
        if (code == null || code.isEmpty()) {
            refuse(ctx, 400, settings, "its answer had no code", "no code", started.userId());
            return;
        }
        Identities.Outcome outcome;
        try {
            var claims = provider.exchange(code, redirect(provider), new CodeVerifier(started.verifier()),
                    new Nonce(started.nonce()));
            // A link or re-authentication is for the browser's own signed-in user, still signed in.
            Long signedIn = authentication.current(ctx).filter(p -> !p.viaApiToken()).map(p -> p.user().id()).orElse(null);
            Long forUser = started.intent() == Identities.Intent.SIGN_IN ? null
                    : started.userId() != null && started.userId().equals(signedIn) ? signedIn : null;
            outcome = identities.resolve(settings, claims, started.intent(), forUser, RequestOrigin.of(ctx));
        } catch (IdentityProvider.Refused refused) {
            refuse(ctx, 401, settings, refused.getMessage(), refused.detail(), started.userId());
            return;
        }
        switch (outcome) {
            case Identities.Outcome.SignIn signIn -> finishSignIn(ctx, settings, signIn, started);
            case Identities.Outcome.Linked linked -> {
                flash.set(ctx, Flash.Kind.SUCCESS, "Your " + settings.label() + " account is linked: it can sign you in.");
                ctx.redirect("/account#identities", HttpStatus.SEE_OTHER);
            }
            case Identities.Outcome.Reauthenticated again -> {
                authentication.reauthenticate(ctx, Amr.IDENTITY_PROVIDER);
                audit.record(again.user().id(), null, AuditType.REAUTHENTICATED, RequestOrigin.of(ctx), settings.name());
                ctx.redirect(started.next(), HttpStatus.SEE_OTHER);
            }
            case Identities.Outcome.Refused refused -> refuse(ctx, 409, settings, refused.message(), refused.detail(),
                    started.userId());
        }
    }

    /**
     * The account's second factor still applies (SPEC §9; Ory Kratos #4285), unless the operator trusts
     * this provider's and its token shows one (CARAFE_OIDC_&lt;NAME&gt;_TRUST_MFA).
     */
    private void finishSignIn(Context ctx, ProviderSettings settings, Identities.Outcome.SignIn signIn, SignInFlow started) {
        var user = signIn.user();
        // Recorded as the password's is: at the first factor, whatever the second step then does.
        accounts.recordSignIn(user, "through " + settings.name(), RequestOrigin.of(ctx));
        if (signIn.providerDidMfa() || signIn.newAccount()) {
            steps.signedInOnPage(ctx, user, started.remember(), List.of(Amr.IDENTITY_PROVIDER), started.next(),
                    (signIn.newAccount() ? "Welcome, " : "Welcome back, ") + user.name() + ".");
        } else {
            steps.continueOnPage(ctx, user, started.remember(), Amr.IDENTITY_PROVIDER, started.next());
        }
    }

    /** A page that says what went wrong, in words; the audit trail gets the detail. Nobody is signed in. */
    private void refuse(Context ctx, int status, ProviderSettings settings, String why, String detail, Long userId) {
        audit.record(userId, null, AuditType.IDENTITY_REFUSED, RequestOrigin.of(ctx), settings.name() + ": " + detail);
        String message = why.endsWith(".") ? why : "Signing in with " + settings.label() + " did not work: " + why + ".";
        ctx.status(status);
        pages.render(ctx, "Sign-in did not work", (templates, page) -> templates.oidcRefused(page, settings.label(), message));
    }

    private IdentityProvider provider(Context ctx) {
        return identities.provider(ctx.pathParam("name")).orElseThrow(() -> new NotFound("No such identity provider."));
    }

    private URI redirect(IdentityProvider provider) {
        return baseUrl.resolve("/auth/oidc/" + provider.settings().name() + "/callback");
    }

    private String write(SignInFlow flow) {
        try {
            return mapper.writeValueAsString(flow);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private SignInFlow read(String state) {
        try {
            return mapper.readValue(state, SignInFlow.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A sign-in flow this server wrote could not be read", e);
        }
    }
}
