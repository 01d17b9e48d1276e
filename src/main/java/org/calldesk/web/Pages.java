package org.calldesk.web;

import freemarker.core.HTMLOutputFormat;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.templ.freemarker.FreeMarkerTemplateEngine;
import org.calldesk.platform.SessionUser;

import java.util.HashMap;
import java.util.Map;

/** Renders Freemarker pages with what every page needs: the user, their CSRF token, the product name. */
public final class Pages {

    /**
     * Pages run only the scripts and styles served from /static: a customer's name that slipped past escaping
     * still could not run. Templates therefore carry no inline script, style element or style attribute
     * ({@code TemplatesTest} says so); the live channel is same-origin, the favicon a data: URL.
     */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
            + "frame-ancestors 'none'";

    private final FreeMarkerTemplateEngine engine;

    public Pages(Vertx vertx) {
        this.engine = FreeMarkerTemplateEngine.create(vertx);
        // Escaping is the default for every template, not something each page must remember.
        engine.unwrap().setOutputFormat(HTMLOutputFormat.INSTANCE);
        // ?url needs a charset to encode with, and Freemarker knows none unless told: a page that builds a link
        // from what was typed (the unknown number on the search page) failed without it.
        engine.unwrap().setOutputEncoding("UTF-8");
        engine.unwrap().setURLEscapingCharset("UTF-8");
    }

    public Future<Void> render(RoutingContext ctx, String template, Map<String, Object> model) {
        return render(ctx, 200, template, model);
    }

    public Future<Void> render(RoutingContext ctx, int status, String template, Map<String, Object> model) {
        Map<String, Object> data = new HashMap<>(model);
        SessionUser user = Access.user(ctx);
        if (user != null) {
            data.put("user", Access.json(user));
            data.put("csrf", Access.csrfToken(ctx.session()));
        }
        String language = Messages.language(ctx);
        Messages messages = Messages.get();
        data.put("lang", language);
        data.put("t", messages.templateFunction(language));
        data.put("tor", messages.templateFallbackFunction(language));
        data.put("i18nJson", messages.scriptTexts(language));   // read by i18n.js
        data.put("here", ctx.request().uri());
        data.putIfAbsent("title", messages.text(language, "app.name"));
        return engine.render(data, "templates/" + template)
                .compose(html -> ctx.response()
                        .setStatusCode(status)
                        .putHeader("Content-Type", "text/html; charset=utf-8")
                        .putHeader("Cache-Control", "no-store")
                        .putHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY)
                        .end(html));
    }

    public static Map<String, Object> model(Object... pairs) {
        Map<String, Object> model = new HashMap<>();
        for (int i = 0; i + 1 < pairs.length; i += 2) {
            if (pairs[i + 1] != null) {
                model.put((String) pairs[i], pairs[i + 1]);
            }
        }
        return model;
    }
}
