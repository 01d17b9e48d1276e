package org.calldesk.routing;

import io.vertx.core.Future;
import org.asteriskjava.fastagi.AgiChannel;
import org.asteriskjava.fastagi.AgiException;
import org.asteriskjava.fastagi.AgiRequest;
import org.asteriskjava.fastagi.AgiScript;
import org.calldesk.platform.Invalid;
import org.calldesk.platform.Masked;
import org.calldesk.telephony.AgiVariables;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * FastAGI {@code callback} (hotline menu 4): registers a callback request for the caller and sets
 * {@code CALLDESK_CALLBACK} to {@code OK} or {@code DUPLICATE}. When PostgreSQL cannot take the request in time it
 * is kept on disk and stored once it can, and the caller still hears OK: {@code FAILED} only when it could not even
 * be kept.
 */
public final class CallbackScript implements AgiScript {

    private static final Logger log = LoggerFactory.getLogger(CallbackScript.class);
    private static final long BUDGET_MS = 500;
    /** An append to the outbox waits for the disk (fsync); the caller waits on it too, so it is bounded. */
    private static final long KEEP_BUDGET_MS = 1000;

    private final Callbacks callbacks;
    private final Function<CallbackRequest, Future<Boolean>> keep;
    private final MenuVisits menu;

    /** @param keep keeps a request until PostgreSQL takes it (the outbox); true once it is on disk */
    public CallbackScript(Callbacks callbacks, Function<CallbackRequest, Future<Boolean>> keep, MenuVisits menu) {
        this.callbacks = callbacks;
        this.keep = keep;
        this.menu = menu;
    }

    @Override
    public void service(AgiRequest request, AgiChannel channel) throws AgiException {
        String number = request.getCallerIdNumber();
        CallbackRequest asked = callbacks.asked(number, MenuVisits.linkedid(channel));
        Callbacks.Registered registered;
        try {
            registered = callbacks.request(asked).toCompletionStage().toCompletableFuture()
                    .get(BUDGET_MS, TimeUnit.MILLISECONDS);
            log.info("callback request from {}: {}", Masked.phone(number), registered.answer());
        } catch (Exception e) {
            Throwable why = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            if (why instanceof Invalid refused) {
                // Not a number an agent may dial back: nothing to keep for later either.
                log.warn("callback request refused: {}", refused.getMessage());
                registered = new Callbacks.Registered("FAILED", null, null);
            } else {
                registered = new Callbacks.Registered(keptForLater(asked, why) ? "OK" : "FAILED", null, null);
            }
        }
        AgiVariables.set(channel, "CALLDESK_CALLBACK", registered.answer());
        menu.visited(request, channel, MenuVisits.CALLBACK, registered.customerId(), registered.tier(),
                "callback requested: " + registered.answer());
    }

    private boolean keptForLater(CallbackRequest asked, Throwable why) {
        try {
            if (keep.apply(asked).toCompletionStage().toCompletableFuture().get(KEEP_BUDGET_MS, TimeUnit.MILLISECONDS)) {
                log.warn("callback request from {} not stored now ({}); kept in the outbox until PostgreSQL takes it",
                        Masked.phone(asked.callerNumber()), why.toString());
                return true;
            }
        } catch (Exception e) {
            log.error("callback request from {} not kept either: {}", Masked.phone(asked.callerNumber()), e.toString());
        }
        log.error("callback request from {} LOST: not stored ({}) and not kept; the caller is told it failed",
                Masked.phone(asked.callerNumber()), why.toString());
        return false;
    }
}
