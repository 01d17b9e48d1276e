package org.calldesk.web;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** Reading request bodies and parameters with clear 400s instead of stack traces. */
public final class Bodies {

    private Bodies() {
    }

    public static JsonObject json(RoutingContext ctx) {
        try {
            JsonObject body = ctx.body().asJsonObject();
            if (body == null) {
                throw HttpError.badRequest("the request body must be a JSON object");
            }
            return body;
        } catch (DecodeException | ClassCastException e) {
            throw HttpError.badRequest("the request body is not valid JSON: " + firstLine(e.getMessage()));
        }
    }

    public static String requiredString(JsonObject body, String field, int maxLength) {
        Object value = body.getValue(field);
        if (value == null || (value instanceof String s && s.isBlank())) {
            throw HttpError.badRequest("field '" + field + "' is required");
        }
        if (!(value instanceof String text)) {
            throw HttpError.badRequest("field '" + field + "' must be a string");
        }
        if (text.length() > maxLength) {
            throw HttpError.badRequest("field '" + field + "' is longer than " + maxLength + " characters");
        }
        return text;
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
        try {
            long id = Long.parseLong(raw);
            if (id <= 0) {
                throw new NumberFormatException();
            }
            return id;
        } catch (NumberFormatException e) {
            throw HttpError.badRequest("'" + raw + "' is not a valid " + name);
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
