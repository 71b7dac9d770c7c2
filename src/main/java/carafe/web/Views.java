package carafe.web;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.Utf8ByteOutput;
import io.javalin.http.Context;
import java.util.Map;

/**
 * Renders JTE templates, compiled to classes at build time (jte-maven-plugin) with HTML escaping of
 * every expression; nothing is parsed at run time.
 */
public final class Views {
    private final TemplateEngine engine = TemplateEngine.createPrecompiled(ContentType.Html);

    public void render(Context ctx, String template, Map<String, Object> params) {
        var output = new Utf8ByteOutput();
        engine.render(template, params, output);
        ctx.contentType("text/html; charset=utf-8");
        ctx.result(output.toByteArray());
    }
}
