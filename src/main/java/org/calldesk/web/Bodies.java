package org.calldesk.web;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.util.Map;

/** Reading request bodies and parameters with clear 400s instead of stack traces. */
public final class Bodies {

    private Bodies() {
    }

    /**
     * The body as a JSON object. It must be declared as JSON: a browser can send a cross-site {@code text/plain}
     * body without asking first, so an undeclared body is refused rather than parsed (it matters most for login,
     * which has no CSRF token yet).
     */
    public static JsonObject json(RoutingContext ctx) {
        String type = ctx.request().getHeader("Content-Type");
        if (type == null || !type.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
            throw new HttpError(415, "the request body must be sent as Content-Type: application/json", null);
        }
        try {
            JsonObject body = ctx.body().asJsonObject();
            if (body == null) {
                throw HttpError.badRequest("the request body must be a JSON object");
            }
            String withNul = nulField(body, "");
            if (withNul != null) {
                throw HttpError.badRequest("field '" + withNul + "' contains a NUL character (\\u0000)");
            }
            return body;
        } catch (DecodeException | ClassCastException e) {
            throw HttpError.badRequest("the request body is not valid JSON: " + firstLine(e.getMessage()));
        }
    }

    /**
     * Refuses a request whose URL or form fields hold a NUL character. PostgreSQL cannot store one in text, so
     * a NUL that reached a query failed it with a 500; the client should hear what was wrong with its request.
     * Runs for every route, after the body is read; JSON bodies are checked by {@link #json}, and CSV imports
     * report such rows by line.
     */
    public static void refuseNul(RoutingContext ctx) {
        if (ctx.request().uri().contains("%00") || ctx.request().uri().indexOf('\0') >= 0) {
            ctx.fail(HttpError.badRequest("the request URL contains a NUL character (%00)"));
            return;
        }
        for (Map.Entry<String, String> field : ctx.request().formAttributes()) {
            if (field.getKey().indexOf('\0') >= 0 || field.getValue().indexOf('\0') >= 0) {
                ctx.fail(HttpError.badRequest("form field '" + field.getKey().replace('\0', ' ')
                        + "' contains a NUL character"));
                return;
            }
        }
        ctx.next();
    }

    public static String requiredString(JsonObject body, String field, int maxLength) {
        Object value = body.getValue(field);
        if (value == null || (value instanceof String s && s.isBlank())) {
            throw HttpError.badRequest("field '" + field + "' is required");
        }
        return optionalString(body, field, maxLength);
    }

    /** Refuses a body with a field the endpoint does not know, naming the ones it does. */
    public static void onlyFields(JsonObject body, String... known) {
        java.util.List<String> allowed = java.util.List.of(known);
        for (String field : body.fieldNames()) {
            if (!allowed.contains(field)) {
                throw HttpError.badRequest("field '" + field + "' is not known; the fields are " + String.join(", ", allowed));
            }
        }
    }

    public static long requiredPositiveLong(JsonObject body, String field) {
        Object value = body.getValue(field);
        if (value == null) {
            throw HttpError.badRequest("field '" + field + "' is required");
        }
        if (!(value instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue()) || n.longValue() <= 0) {
            throw HttpError.badRequest("field '" + field + "' must be a positive whole number");
        }
        return n.longValue();
    }

    /** A positive whole number from the query string, or null when the parameter is absent. */
    public static Long positiveParam(RoutingContext ctx, String name) {
        String raw = ctx.request().getParam(name);
        return raw == null ? null
                : positive(raw, "parameter '" + name + "' must be a positive whole number, got '" + raw + "'");
    }

    public static String optionalString(JsonObject body, String field, int maxLength) {
        Object value = body.getValue(field);
        if (value == null) {
            return null;
        }
        if (!(value instanceof String text)) {
            throw HttpError.badRequest("field '" + field + "' must be a string");
        }
        if (text.length() > maxLength) {
            throw HttpError.badRequest("field '" + field + "' is longer than " + maxLength + " characters");
        }
        return text;
    }

    public static long pathId(RoutingContext ctx, String name) {
        String raw = ctx.pathParam(name);
        return positive(raw, "'" + raw + "' is not a valid " + name);
    }

    private static long positive(String raw, String error) {
        try {
            long value = Long.parseLong(raw);
            if (value <= 0) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw HttpError.badRequest(error);
        }
    }

    /** The path of the first key or string holding a NUL ({@code items[2].note}), or null when none does. */
    private static String nulField(Object value, String path) {
        if (value instanceof String text) {
            return text.indexOf('\0') >= 0 ? path : null;
        }
        if (value instanceof JsonObject object) {
            for (Map.Entry<String, Object> entry : object) {
                String key = entry.getKey();
                if (key.indexOf('\0') >= 0) {
                    return (path.isEmpty() ? "" : path + ".") + key.replace('\0', ' ');
                }
                String found = nulField(entry.getValue(), path.isEmpty() ? key : path + "." + key);
                if (found != null) {
                    return found;
                }
            }
        } else if (value instanceof JsonArray array) {
            for (int i = 0; i < array.size(); i++) {
                String found = nulField(array.getValue(i), path + "[" + i + "]");
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
