package carafe.account;

import carafe.audit.AuditLog;
import carafe.auth.Access;
import carafe.auth.ApiTokens;
import carafe.auth.Authentication;
import carafe.auth.Sessions;
import carafe.mfa.SecondFactors;
import carafe.mfa.TwoStepSection;
import carafe.web.FormState;
import carafe.web.Pages;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * {@code /account}: one page with the profile, password, signed-in devices, API tokens and recent
 * security events. The forms on it post elsewhere ({@link AccountPages}, {@link TokenPages}) and come
 * back here, or have this page shown again with their errors.
 */
public final class AccountPage {
    private final Authentication authentication;
    private final OneTimeTokens oneTimeTokens;
    private final Sessions sessions;
    private final AuditLog audit;
    private final ApiTokens apiTokens;
    private final SecondFactors secondFactors;
    private final List<TwoStepSection.Part> twoStepParts;
    private final Pages pages;
    private final Clock clock;

    public AccountPage(Authentication authentication, OneTimeTokens oneTimeTokens, Sessions sessions, AuditLog audit,
                       ApiTokens apiTokens, SecondFactors secondFactors, List<TwoStepSection.Part> twoStepParts,
                       Pages pages, Clock clock) {
        this.authentication = authentication;
        this.oneTimeTokens = oneTimeTokens;
        this.sessions = sessions;
        this.audit = audit;
        this.apiTokens = apiTokens;
        this.secondFactors = secondFactors;
        this.twoStepParts = List.copyOf(twoStepParts);
        this.pages = pages;
        this.clock = clock;
    }

    public void routes(RoutesConfig routes) {
        routes.get("/account", ctx -> show(ctx, profileAsSaved(ctx), FormState.EMPTY), Access.USER);
    }

    /** The page with the profile and password forms as given (values and errors), the rest fresh. */
    void show(Context ctx, FormState profileForm, FormState passwordForm) {
        long userId = authentication.user(ctx).id();
        show(ctx, profileForm, passwordForm, TokensSection.of(apiTokens, userId, FormState.EMPTY, null, clock));
    }

    /** The page with the API tokens part as given, the other forms fresh. */
    void show(Context ctx, TokensSection tokens) {
        show(ctx, profileAsSaved(ctx), FormState.EMPTY, tokens);
    }

    /** The profile form filled with the name and email as saved. */
    FormState profileAsSaved(Context ctx) {
        var user = authentication.user(ctx);
        return FormState.of(Map.of("name", user.name(), "email", user.email()));
    }

    private void show(Context ctx, FormState profileForm, FormState passwordForm, TokensSection tokens) {
        var principal = authentication.current(ctx).orElseThrow();
        var user = principal.user();
        var account = AccountView.of(user, oneTimeTokens.pendingEmail(user.id(), TokenPurpose.CHANGE_EMAIL).orElse(null));
        var devices = sessions.listFor(user.id()).stream()
                .map(session -> SessionView.of(session, principal.session())).toList();
        var events = audit.recentFor(user.id(), AccountApi.RECENT_EVENTS).stream().map(SecurityEventView::of).toList();
        pages.render(ctx, "Your account", (templates, page) -> templates.accountIndex(page, account, profileForm,
                passwordForm, TwoStepSection.of(secondFactors, twoStepParts, templates, page, user), devices, events,
                tokens));
    }
}
