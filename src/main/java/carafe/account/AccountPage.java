package carafe.account;

import carafe.audit.AuditLog;
import carafe.auth.Access;
import carafe.auth.ApiTokens;
import carafe.auth.Authentication;
import carafe.auth.PagePart;
import carafe.auth.Sessions;
import carafe.mfa.TwoStepSections;
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
    private final AccountSettings settings;
    private final Sessions sessions;
    private final AuditLog audit;
    private final ApiTokens apiTokens;
    private final TwoStepSections twoStep;
    private final List<PagePart> sections;
    private final Pages pages;
    private final Clock clock;

    /** @param sections the parts other features add to this page (the linked identity providers) */
    public AccountPage(Authentication authentication, AccountSettings settings, Sessions sessions, AuditLog audit,
                       ApiTokens apiTokens, TwoStepSections twoStep, List<PagePart> sections, Pages pages, Clock clock) {
        this.authentication = authentication;
        this.settings = settings;
        this.sessions = sessions;
        this.audit = audit;
        this.apiTokens = apiTokens;
        this.twoStep = twoStep;
        this.sections = List.copyOf(sections);
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
        var account = settings.view(user);
        var devices = sessions.listFor(user.id()).stream()
                .map(session -> SessionView.of(session, principal.session())).toList();
        var events = audit.recentFor(user.id(), AccountApi.RECENT_EVENTS).stream().map(SecurityEventView::of).toList();
        pages.render(ctx, "Your account", (templates, page) -> templates.accountIndex(page, account, profileForm,
                passwordForm, twoStep.of(templates, page, user), devices, events, tokens,
                sections.stream().map(part -> PagePart.of(part, templates, page, user)).toList()));
    }
}
