package org.calldesk.telephony;

import org.asteriskjava.fastagi.AgiChannel;
import org.asteriskjava.fastagi.AgiException;
import org.asteriskjava.fastagi.AgiRequest;
import org.asteriskjava.fastagi.AgiScript;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code agi://HOST:4573/route,<ivr choice>}: asks the {@link RouteService} and sets the dialplan
 * variables the hotline reads. Whatever goes wrong, the caller still gets a queue.
 */
public final class RouteScript implements AgiScript {

    private static final Logger log = LoggerFactory.getLogger(RouteScript.class);

    private final RouteService routes;
    private final RouteListener onRouted;

    /** @param onRouted hands each decision to {@link LiveCalls#routed} through the bridge's context */
    public RouteScript(RouteService routes, RouteListener onRouted) {
        this.routes = routes;
        this.onRouted = onRouted;
    }

    @Override
    public void service(AgiRequest request, AgiChannel channel) throws AgiException {
        String[] args = request.getArguments();
        String ivr = args != null && args.length > 0 && args[0] != null ? args[0] : "";
        String uniqueid = request.getUniqueId();
        RouteInfo info;
        try {
            info = routes.route(request.getCallerIdNumber(), ivr, uniqueid);
        } catch (RuntimeException e) {
            log.error("route for {} failed; default route", uniqueid, e);
            info = new RouteInfo(null, null, 0, "default route: routing failed", "service", ivr, "", "standard");
        }
        channel.setVariable("CALLDESK_QUEUE", value(info.queue()));
        channel.setVariable("QUEUE_PRIO", Integer.toString(info.priority()));
        channel.setVariable("CALLDESK_TIER", value(info.tier()));
        channel.setVariable("CALLDESK_CUSTOMER", info.customerId() == null ? "" : info.customerId().toString());
        channel.setVariable("CALLDESK_AGENT", value(info.agent()));
        channel.setVariable("CALLDESK_GREETING", value(info.greeting()));
        channel.setVariable("CALLDESK_REASON", value(info.reason()));
        log.info("route {} from {}: {} prio {} ({})", uniqueid, request.getCallerIdNumber(), info.queue(),
            info.priority(), info.reason());
        if (uniqueid != null) {
            // After the variables: the caller's dialplan must not wait on our bookkeeping.
            String linkedid = linkedid(channel);
            try {
                onRouted.routed(uniqueid, linkedid, request.getCallerIdNumber(), info);
            } catch (RuntimeException e) {
                log.warn("route {}: could not record the decision: {}", uniqueid, e.getMessage());
            }
        }
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
