package org.calldesk.admin;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import org.calldesk.platform.Invalid;
import org.calldesk.web.Messages;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The errors of one admin form, by field, in the user's language: every field at fault is named at once, so the
 * page can mark each input and say next to it what is wrong. The routes answer them as 400 with
 * {@code {"error": …, "fields": [...], "errors": {"field": "message"}}} ({@link AdminRoutes#refused}).
 */
final class FormErrors {

    private final String language;
    private final Map<String, String> errors = new LinkedHashMap<>();

    FormErrors(RoutingContext ctx) {
        this.language = Messages.language(ctx);
    }

    /** Runs a check that may throw Invalid (the domain's own rules) and keeps its complaint. */
    void check(Runnable check) {
        try {
            check.run();
        } catch (Invalid e) {
            e.fields().forEach(field -> add(field, e.getMessage()));
        }
    }

    /** The field's message in the user's language ({@code admin.error.<field>}), with the rule's words as detail. */
    void add(String field, String detail) {
        String key = "admin.error." + field.replace('.', '_');
        Messages messages = Messages.get();
        String text = messages.has(key) ? messages.text(language, key, detail) : detail;
        errors.putIfAbsent(field, text);
    }

    /** A message of its own for the field ({@code key} in the bundles, with its arguments), in the user's language. */
    void say(String field, String key, Object... args) {
        errors.putIfAbsent(field, Messages.get().text(language, key, args));
    }

    boolean any() {
        return !errors.isEmpty();
    }

    /** What the refusal says in one line. */
    String message() {
        return String.join("; ", errors.values());
    }

    /** The refusal's details: the fields at fault and what is wrong with each. */
    JsonObject details() {
        JsonObject byField = new JsonObject();
        errors.forEach(byField::put);
        return new JsonObject().put("fields", new JsonArray(errors.keySet().stream().toList())).put("errors", byField);
    }

    /** A refusal that came back from a store, as form errors; null for any other failure. */
    static FormErrors of(RoutingContext ctx, Throwable failure) {
        if (failure instanceof Invalid invalid) {
            FormErrors errors = new FormErrors(ctx);
            invalid.fields().forEach(field -> errors.add(field, invalid.getMessage()));
            return errors;
        }
        return null;
    }
}
