package org.calldesk.web;

import io.vertx.core.json.JsonObject;

/** A failure that has a proper HTTP answer; the router's failure handler turns it into one. */
public class HttpError extends RuntimeException {

    private final int status;
    private final JsonObject details;

    public HttpError(int status, String message, JsonObject details) {
        super(message, null, false, false);
        this.status = status;
        this.details = details;
    }

    public static HttpError badRequest(String message) {
        return new HttpError(400, message, null);
    }

    public static HttpError unauthorized(String message) {
        return new HttpError(401, message, null);
    }

    public static HttpError forbidden(String message) {
        return new HttpError(403, message, null);
    }

    public static HttpError notFound(String message) {
        return new HttpError(404, message, null);
    }

    public static HttpError conflict(String message, JsonObject details) {
        return new HttpError(409, message, details);
    }

    public static HttpError tooManyRequests(String message) {
        return new HttpError(429, message, null);
    }

    public static HttpError unavailable(String message) {
        return new HttpError(503, message, null);
    }

    public int status() {
        return status;
    }

    public JsonObject body() {
        JsonObject body = new JsonObject().put("error", getMessage());
        if (details != null) {
            body.mergeIn(details);
        }
        return body;
    }
}
