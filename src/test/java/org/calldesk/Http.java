package org.calldesk;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.ext.web.client.WebClientSession;

/** A browser-like client for tests: keeps the session cookie and the CSRF token it was given. */
public final class Http {

    private final WebClientSession client;
    private String csrf;
    private String cookie;

    private Http(WebClientSession client) {
        this.client = client;
    }

    public static Http anonymous() {
        TestServer server = TestServer.get();
        WebClient web = WebClient.create(server.vertx, new WebClientOptions()
                .setDefaultHost("127.0.0.1").setDefaultPort(server.port).setFollowRedirects(false));
        return new Http(WebClientSession.create(web));
    }

    public static Http as(String username) {
        Http http = anonymous();
        HttpResponse<Buffer> response = http.post("/api/login", new JsonObject().put("username", username)
                .put("password", TestServer.PASSWORD));
        if (response.statusCode() != 200) {
            throw new IllegalStateException("login as " + username + " failed: " + response.bodyAsString());
        }
        http.csrf = response.bodyAsJsonObject().getString("csrfToken");
        http.cookie = response.cookies().stream().filter(c -> c.startsWith("calldesk.session="))
                .map(c -> c.split(";", 2)[0]).findFirst().orElseThrow();
        return http;
    }

    public String csrf() {
        return csrf;
    }

    /** The session cookie ({@code name=value}), for a WebSocket of the same session. */
    public String cookie() {
        return cookie;
    }

    public HttpResponse<Buffer> get(String path) {
        return TestServer.await(client.get(path).send());
    }

    public HttpResponse<Buffer> post(String path, JsonObject body) {
        return TestServer.await(request(HttpMethod.POST, path, csrf).sendJsonObject(body));
    }

    /** A POST with headers of its own, e.g. an {@code Idempotency-Key}. */
    public HttpResponse<Buffer> post(String path, JsonObject body, java.util.Map<String, String> headers) {
        io.vertx.ext.web.client.HttpRequest<Buffer> request = request(HttpMethod.POST, path, csrf);
        headers.forEach(request::putHeader);
        return TestServer.await(request.sendJsonObject(body));
    }

    public HttpResponse<Buffer> postText(String path, String body) {
        return TestServer.await(request(HttpMethod.POST, path, csrf).putHeader("Content-Type", "text/csv").sendBuffer(Buffer.buffer(body)));
    }

    public HttpResponse<Buffer> postWithoutCsrf(String path, JsonObject body) {
        return TestServer.await(request(HttpMethod.POST, path, null).sendJsonObject(body));
    }

    public Future<HttpResponse<Buffer>> send(HttpMethod method, String path, Buffer body) {
        return send(method, path, "application/json", body);
    }

    public Future<HttpResponse<Buffer>> send(HttpMethod method, String path, String contentType, Buffer body) {
        return request(method, path, csrf).putHeader("Content-Type", contentType).sendBuffer(body);
    }

    private io.vertx.ext.web.client.HttpRequest<Buffer> request(HttpMethod method, String path, String token) {
        io.vertx.ext.web.client.HttpRequest<Buffer> request = client.request(method, path);
        if (token != null) {
            request.putHeader("X-CSRF-Token", token);
        }
        return request;
    }
}
