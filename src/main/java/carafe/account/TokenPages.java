package carafe.account;

import carafe.audit.RequestOrigin;
import carafe.auth.Access;
import carafe.auth.Assurance;
import carafe.auth.ApiTokenRequest;
import carafe.auth.ApiTokens;
import carafe.auth.Authentication;
import carafe.auth.NewApiToken;
import carafe.web.Flash;
import carafe.web.PathIds;
import carafe.web.FormState;
import carafe.web.Forms;
import carafe.web.Conflict;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.time.Clock;

/**
 * The API tokens part of the account page: create (the secret is shown on the answer to the form, once)
 * and revoke (post/redirect/get to {@code /account#tokens}). The account page includes
 * {@code account/_tokens.jte} with a {@link TokensSection}.
 */
public final class TokenPages {
    private static final String BACK = "/account#tokens";
    private static final String EXPIRY = "expiresInDays";
    /** The form's name field; plain "name" is the profile form's, on the same page. */
    private static final String NAME = "tokenName";

    private final ApiTokens apiTokens;
    private final Authentication authentication;
    private final AccountPage accountPage;
    private final Flash flash;
    private final Forms forms;
    private final Clock clock;

    public TokenPages(ApiTokens apiTokens, Authentication authentication, AccountPage accountPage, Flash flash,
                      Forms forms, Clock clock) {
        this.apiTokens = apiTokens;
        this.authentication = authentication;
        this.accountPage = accountPage;
        this.flash = flash;
        this.forms = forms;
        this.clock = clock;
    }

    public void routes(RoutesConfig routes) {
        // SPEC §9: a new API token needs a recent sign-in (ASVS 7.5.1), so a stolen session cannot mint lasting access.
        routes.post("/account/tokens", this::create, Access.USER, Assurance.RECENT_SIGN_IN);
        routes.post("/account/tokens/{id}/revoke", this::revoke, Access.USER);
    }

    /**
     * Creates a token and answers 201 with the page that shows its secret, instead of redirecting: the
     * secret is never put in a cookie or an address to survive a redirect, and this answer is no-store.
     */
    private void create(Context ctx) {
        var form = Forms.submitted(ctx, NAME, EXPIRY);
        var request = new ApiTokenRequest(ctx.formParam(NAME), days(form.value(EXPIRY)));
        var errors = Forms.renamed(forms.errors(ctx, request, NAME, EXPIRY), "name", NAME);
        if (!errors.isEmpty()) {
            render(ctx.status(422), section(ctx, form.withErrors(errors), null));
            return;
        }
        NewApiToken created;
        try {
            created = apiTokens.create(owner(ctx), request, RequestOrigin.of(ctx));
        } catch (Conflict tooMany) {
            render(ctx.status(409), section(ctx, form.withFormError(tooMany.detail()), null));
            return;
        }
        render(ctx.status(201), section(ctx, FormState.EMPTY, created));
    }

    private void revoke(Context ctx) {
        String name = apiTokens.revoke(owner(ctx), PathIds.of(ctx), RequestOrigin.of(ctx));
        flash.set(ctx, Flash.Kind.INFO, "API token “" + name + "” revoked.");
        ctx.redirect(BACK, HttpStatus.SEE_OTHER);
    }

    private TokensSection section(Context ctx, FormState form, NewApiToken created) {
        return TokensSection.of(apiTokens, owner(ctx), form, created, clock);
    }

    /** The account page with this section in it (the other forms fresh). */
    private void render(Context ctx, TokensSection section) {
        accountPage.show(ctx, section);
    }

    /** Empty means the default lifetime; text that is no whole number becomes 0, which validation refuses. */
    private static Integer days(String text) {
        if (text.isBlank()) return null;
        try {
            return Integer.valueOf(text.strip());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private long owner(Context ctx) {
        return authentication.user(ctx).id();
    }
}
