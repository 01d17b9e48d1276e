package org.calldesk.web;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.calldesk.platform.Role;
import org.calldesk.platform.SessionUser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Safe retries of creating requests. A client that sends {@code Idempotency-Key: <its own unique key>} with a POST
 * that creates something can send the same request again after a cut connection or a server restart: the retry
 * gets the first answer (with {@code Idempotent-Replayed: true}) and nothing is created twice.
 * <p>
 * The key, scoped to the signed-in user, is stored in PostgreSQL before the request is handled, and the answer is
 * stored before it is sent ({@link #reply}), so whatever a client was answered can be replayed. The same key with a
 * different request is refused (422); a retry while the first is still being handled is told to wait (409); a key
 * whose request was cut off by a crash is answered 409 saying the outcome is unknown, rather than risk doing it
 * twice. A refused request (4xx, 5xx) releases its key, so it can be fixed and sent again.
 */
public final class Idempotency implements Handler<RoutingContext> {

    public static final String HEADER = "Idempotency-Key";
    public static final String REPLAYED = "Idempotent-Replayed";
    private static final Logger log = LoggerFactory.getLogger(Idempotency.class);
    private static final int KEY_MAX = 200;
    private static final String CLAIM = "calldesk.idempotency";

    private final Pool pg;
    private final List<String> paths;
    /** This run of calldesk: a key it took and has not answered yet is being handled now, or was refused. */
    private final UUID run = UUID.randomUUID();
    /** Keys whose request is being handled right now, in any HTTP verticle instance. */
    private final Set<Claim> handling = ConcurrentHashMap.newKeySet();

    /** {@code paths}: the creating POST routes that take a key. */
    public Idempotency(Pool pg, List<String> paths) {
        this.pg = pg;
        this.paths = List.copyOf(paths);
    }

    private record Claim(Idempotency owner, long userId, String key) {
        Tuple id() {
            return Tuple.of(userId, key, owner.run);
        }
    }

    /** In front of each creating route, after the body is read; only a signed-in user with a CSRF token gets a key. */
    void mount(Router router) {
        for (String path : paths) {
            router.post(path).handler(Access.api(Role.AGENT)).handler(this);
        }
    }

    @Override
    public void handle(RoutingContext ctx) {
        String key = ctx.request().getHeader(HEADER);
        SessionUser user = Access.user(ctx);
        if (key == null || user == null) {
            ctx.next();
            return;
        }
        if (key.isEmpty() || key.length() > KEY_MAX || !key.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            ctx.fail(HttpError.badRequest(HEADER + " must be 1 to " + KEY_MAX + " visible ASCII characters"));
            return;
        }
        Claim claim = new Claim(this, user.id(), key);
        Buffer hash = Buffer.buffer(hash(ctx));
        pg.preparedQuery(IdempotencySql.CLAIM).execute(Tuple.of(user.id(), key, hash, run))
                .onSuccess(rows -> {
                    if (rows.rowCount() > 0) {
                        handle(ctx, claim);
                    } else {
                        pg.preparedQuery(IdempotencySql.EARLIER).execute(Tuple.of(user.id(), key))
                                .onSuccess(earlier -> answerEarlier(ctx, claim, hash, earlier.size() == 0 ? null : earlier.iterator().next()))
                                .onFailure(ctx::fail);
                    }
                })
                .onFailure(ctx::fail);
    }

    private void handle(RoutingContext ctx, Claim claim) {
        handling.add(claim);
        ctx.put(CLAIM, claim);
        // Whatever ends this request without a stored answer (a refusal, a cut connection) gives the key back.
        ctx.addEndHandler(ended -> release(ctx));
        ctx.next();
    }

    private void answerEarlier(RoutingContext ctx, Claim claim, Buffer hash, Row earlier) {
        if (earlier != null && !earlier.getBuffer("request_hash").equals(hash)) {
            ctx.fail(new HttpError(422, "this " + HEADER + " was used before for a different request; a new request needs a new key", null));
        } else if (earlier != null && earlier.getInteger("status") != null) {
            ctx.response().putHeader(REPLAYED, "true");
            send(ctx, earlier.getInteger("status"), earlier.getString("location"), earlier.getString("body"));
        } else if (earlier == null || handling.contains(claim)) {
            ctx.response().putHeader("Retry-After", "1");
            ctx.fail(HttpError.conflict("the request first sent with this " + HEADER + " is still being handled; try again in a moment", null));
        } else {
            ctx.fail(HttpError.conflict("the request first sent with this " + HEADER + " was cut off before it was answered"
                    + " (calldesk stopped or lost its database); whether it took effect is unknown: look for what it"
                    + " created, and send it again with a new key only if it is missing", null));
        }
    }

    /**
     * Answers a creating request. With an {@code Idempotency-Key} the answer is stored first, so that a retry gets
     * exactly this answer; without one it is simply sent.
     */
    public static void reply(RoutingContext ctx, int status, String location, JsonObject body) {
        String text = body.encode();
        Claim claim = ctx.get(CLAIM);
        if (claim == null) {
            send(ctx, status, location, text);
            return;
        }
        claim.owner().pg.preparedQuery(IdempotencySql.KEEP_ANSWER)
                .execute(claim.id().addInteger(status).addString(location).addString(text))
                .onComplete(kept -> {
                    if (kept.failed()) {
                        // Done but not replayable: a retry is told its outcome is unknown, never to do it twice.
                        log.warn("answer to {} {} with key {} not stored: {}", ctx.request().method(), ctx.request().path(),
                                claim.key(), kept.cause().getMessage());
                    }
                    ctx.remove(CLAIM);
                    claim.owner().handling.remove(claim);
                    send(ctx, status, location, text);
                });
    }

    private static void send(RoutingContext ctx, int status, String location, String body) {
        HttpServerResponse response = ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json");
        if (location != null) {
            response.putHeader("Location", location);
        }
        response.end(body);
    }

    /** Gives back the key of a request that is being refused; completes at once when there is none. */
    static Future<Void> release(RoutingContext ctx) {
        Claim claim = ctx.remove(CLAIM);
        if (claim == null) {
            return Future.succeededFuture();
        }
        return claim.owner().pg.preparedQuery(IdempotencySql.RELEASE).execute(claim.id())
                .onFailure(e -> log.warn("key {} of a refused request not released: {}", claim.key(), e.getMessage()))
                .onComplete(done -> claim.owner().handling.remove(claim))
                .<Void>mapEmpty()
                .otherwiseEmpty();
    }

    /** Forgets answers older than {@code before}; a retry that late is a new request. */
    public Future<Integer> purge(Instant before) {
        return pg.preparedQuery(IdempotencySql.PURGE).execute(Tuple.of(OffsetDateTime.ofInstant(before, ZoneOffset.UTC)))
                .map(rows -> rows.rowCount());
    }

    /** Method, path and body: what makes a retry the same request. */
    private static byte[] hash(RoutingContext ctx) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update((ctx.request().method().name() + " " + ctx.request().path() + "\n").getBytes(StandardCharsets.UTF_8));
            if (ctx.body() != null && ctx.body().buffer() != null) {
                digest.update(ctx.body().buffer().getBytes());
            }
            return digest.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
