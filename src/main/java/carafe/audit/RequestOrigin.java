package carafe.audit;

import carafe.web.ClientAddress;
import io.javalin.http.Context;

/** Where a request came from, as far as the audit trail records it. */
public record RequestOrigin(String ip, String userAgent) {
    public static final RequestOrigin NONE = new RequestOrigin(null, null);

    public static RequestOrigin of(Context ctx) {
        return new RequestOrigin(ClientAddress.of(ctx), ctx.header("User-Agent"));
    }
}
