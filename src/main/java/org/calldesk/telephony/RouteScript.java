package org.calldesk.telephony;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.asteriskjava.fastagi.AgiChannel;
import org.asteriskjava.fastagi.AgiException;
import org.asteriskjava.fastagi.AgiRequest;
import org.asteriskjava.fastagi.AgiScript;
import org.calldesk.platform.Masked;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.TimeUnit;

/**
 * {@code agi://HOST:4573/route,<ivr choice>}: asks the {@link RouteService} and sets the dialplan
 * variables the hotline reads. Whatever goes wrong, the caller still gets a queue.
 */
public final class RouteScript implements AgiScript {

    private static final Logger log = LoggerFactory.getLogger(RouteScript.class);

    private final RouteService routes;
    private final RouteListener onRouted;
    private final Timer latency;

    /**
     * @param onRouted hands each decision to {@link LiveCalls#routed} through the bridge's context
     * @param latency  request read to last variable set, or null to measure nothing
     */
    public RouteScript(RouteService routes, RouteListener onRouted, Timer latency) {
        this.routes = routes;
        this.onRouted = onRouted;
        this.latency = latency;
    }

    /** The route budget's own measure: the FastAGI request read to the dialplan's last variable set. */
    public static Timer latencyTimer(MeterRegistry meters) {
        return org.calldesk.platform.BudgetTimers.register(meters, "calldesk.route.latency",
                "FastAGI route request read to the last dialplan variable set");
    }

    @Override
    public void service(AgiRequest request, AgiChannel channel) throws AgiException {
        long started = System.nanoTime();
        String[] args = request.getArguments();
        String ivr = args != null && args.length > 0 && args[0] != null ? args[0] : "";
        String uniqueid = request.getUniqueId();
        RouteInfo info;
        try {
            info = routes.route(request.getCallerIdNumber(), ivr, uniqueid);
        } catch (RuntimeException e) {
            log.error("route for {} failed; default route", uniqueid, e);
            info = routes.fallback(ivr, "routing failed");
        }
        if (uniqueid != null) {
            // Handed on (without waiting: the bookkeeping is asynchronous) before the variables are set: the caller
            // joins the queue the moment this script ends, and in a cluster the decision travels to the node holding
            // the AMI link, which must have it before the queue's events for this caller.
            String linkedid = linkedid(channel);
            try {
                onRouted.routed(uniqueid, linkedid, request.getCallerIdNumber(), info);
            } catch (RuntimeException e) {
                log.warn("route {}: could not record the decision: {}", uniqueid, e.getMessage());
            }
        }
        AgiVariables.set(channel, "CALLDESK_QUEUE", value(info.queue()));
        AgiVariables.set(channel, "QUEUE_PRIO", Integer.toString(info.priority()));
        AgiVariables.set(channel, "CALLDESK_TIER", value(info.tier()));
        AgiVariables.set(channel, "CALLDESK_CUSTOMER", info.customerId() == null ? "" : info.customerId().toString());
        AgiVariables.set(channel, "CALLDESK_AGENT", value(info.agent()));
        AgiVariables.set(channel, "CALLDESK_GREETING", value(info.greeting()));
        AgiVariables.set(channel, "CALLDESK_REASON", value(info.reason()));
        if (latency != null) {
            latency.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
        }
        log.info("route {} from {}: {} prio {} ({})", uniqueid, Masked.phone(request.getCallerIdNumber()), info.queue(),
            info.priority(), info.reason());
    }

    /** The AGI request has no Linkedid, and calls, pops and cards are keyed by it. */
    private static String linkedid(AgiChannel channel) {
        try {
            String value = channel.getVariable("CHANNEL(linkedid)");
            return value == null || value.isBlank() ? null : value;
        } catch (AgiException e) {
            return null;
        }
    }

    /** Dialplan variables are one line of text; quotes would end Asterisk-Java's quoted argument. */
    private static String value(String text) {
        return text == null ? "" : text.replace('"', '\'').replace('\n', ' ').replace('\r', ' ');
    }
}
