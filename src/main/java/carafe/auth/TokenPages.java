package carafe.auth;

import carafe.audit.RequestOrigin;
import carafe.web.Flash;
import carafe.web.FormState;
import carafe.web.HttpProblem;
import carafe.web.RequestValidator;
import carafe.web.Text;
import carafe.web.ValidationFailed;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The API tokens part of the account page: create (the secret is shown on the answer to the form, once)
 * and revoke (post/redirect/get to {@code /account#tokens}). Renders {@code account/_tokens.jte} from a
 * {@link TokensSection}; {@link #section} gives the account page what it needs to include it.
 */
public final class TokenPages {
    private static final String BACK = "/account#tokens";
    private static final String EXPIRY = "expiresInDays";

    private final ApiTokens apiTokens;
    private final Authentication authentication;
    private final Pages pages;
    private final Flash flash;
    private final RequestValidator validator;
    private final Clock clock;

    public TokenPages(ApiTokens apiTokens, Authentication authentication, Pages pages, Flash flash,
                      RequestValidator validator, Clock clock) {
        this.apiTokens = apiTokens;
        this.authentication = authentication;
        this.pages = pages;
        this.flash = flash;
        this.validator = validator;
        this.clock = clock;
    }

    public void routes(RoutesConfig routes) {
        routes.get("/account/tokens", this::show, Access.USER);
        routes.post("/account/tokens", this::create, Access.USER);
        routes.post("/account/tokens/{id}/revoke", this::revoke, Access.USER);
    }

    /** The signed-in user's tokens with an empty create form: the parameter {@code account/_tokens.jte} takes. */
    public TokensSection section(Context ctx) {
        return section(ctx, FormState.EMPTY, null);
    }

    private void show(Context ctx) {
        render(ctx, section(ctx));
    }

    /**
     * Creates a token and answers 201 with the page that shows its secret, instead of redirecting: the
     * secret is never put in a cookie or an address to survive a redirect, and this answer is no-store.
     */
    private void create(Context ctx) {
        var form = submitted(ctx);
        var request = new ApiTokenRequest(ctx.formParam("name"), days(form.value(EXPIRY)));
        var errors = errors(ctx, request);
        if (!errors.isEmpty()) {
            render(ctx.status(422), section(ctx, form.withErrors(errors), null));
            return;
        }
        NewApiToken created;
        try {
            created = apiTokens.create(owner(ctx), request, RequestOrigin.of(ctx));
        } catch (HttpProblem tooMany) {
            if (tooMany.status() != 409) throw tooMany;
            render(ctx.status(409), section(ctx, form.withFormError(tooMany.detail()), null));
            return;
        }
        render(ctx.status(201), section(ctx, FormState.EMPTY, created));
    }

    private void revoke(Context ctx) {
        String name = apiTokens.revoke(owner(ctx), TokensApi.id(ctx), RequestOrigin.of(ctx));
        flash.set(ctx, Flash.Kind.INFO, "API token “" + name + "” revoked.");
        ctx.redirect(BACK, HttpStatus.SEE_OTHER);
    }

    private TokensSection section(Context ctx, FormState form, NewApiToken created) {
        return new TokensSection(apiTokens.list(owner(ctx)), form, created, clock.instant());
    }

    /**
     * Shows the section on its own page, until the account page ({@code /account}) includes it; then
     * the account page, with this section in it, is what to render here.
     */
    private void render(Context ctx, TokensSection section) {
        pages.render(ctx, "account/tokens.jte", "API tokens", Map.of("tokens", section));
    }

    private List<ValidationFailed.FieldError> errors(Context ctx, ApiTokenRequest request) {
        for (String field : List.of("name", EXPIRY)) {
            String value = ctx.formParam(field);
            if (value != null && !Text.isWellFormed(value)) {
                return List.of(new ValidationFailed.FieldError(field, "contains characters that are not allowed"));
            }
        }
        return validator.errors(request);
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

    private static FormState submitted(Context ctx) {
        var values = new HashMap<String, String>();
        for (String field : List.of("name", EXPIRY)) {
            String value = ctx.formParam(field);
            if (value != null && Text.isWellFormed(value)) values.put(field, value);
        }
        return FormState.of(values);
    }

    private long owner(Context ctx) {
        return authentication.user(ctx).id();
    }
}
