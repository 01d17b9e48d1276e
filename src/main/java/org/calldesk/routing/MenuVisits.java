package org.calldesk.routing;

import org.asteriskjava.fastagi.AgiChannel;
import org.asteriskjava.fastagi.AgiException;
import org.asteriskjava.fastagi.AgiRequest;
import org.calldesk.telephony.RouteInfo;
import org.calldesk.telephony.RouteListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Callers who use a menu script other than {@code route} (complaint status, a callback request) and hang up are calls
 * that never queue, so nothing else would make them known to live calls; without this they would be in no history
 * and no report. Each such visit is handed to live calls as a route with no queue and the menu choice as its IVR
 * choice: the call then ends "in the IVR" and is stored like any other. A caller who goes on to the queue runs
 * {@code route} afterwards, whose decision replaces this one.
 */
public final class MenuVisits {

    private static final Logger log = LoggerFactory.getLogger(MenuVisits.class);
    /** The IVR choice stored with a call that asked for its complaint status. */
    public static final String STATUS = IvrChoice.STATUS.code();
    /** The IVR choice stored with a call that asked to be called back. */
    public static final String CALLBACK = "callback";

    private final RouteListener live;

    /** @param live hands the visit to live calls through the bridge's context, as the route script's decisions */
    public MenuVisits(RouteListener live) {
        this.live = live;
    }

    /**
     * Call last thing in the script, after the variables are set: the caller's dialplan must not wait on it, and it
     * must come before the script returns, ahead of the hangup that may follow at once.
     *
     * @param customerId null when the caller is unknown or could not be looked up (the call store then links the
     *                   customer by number)
     */
    public void visited(AgiRequest request, AgiChannel channel, String ivr, Long customerId, String tier,
                        String what) {
        String uniqueid = request.getUniqueId();
        if (uniqueid == null) {
            return;
        }
        try {
            live.routed(uniqueid, linkedid(channel), request.getCallerIdNumber(),
                new RouteInfo(customerId, tier, 0, what, null, ivr));
        } catch (RuntimeException e) {
            log.warn("{} from {}: the call could not be recorded: {}", ivr, uniqueid, e.getMessage());
        }
    }

    /** The call's Linkedid, which the AGI request does not carry; null if Asterisk does not say. */
    public static String linkedid(AgiChannel channel) {
        try {
            String value = channel.getVariable("CHANNEL(linkedid)");
            return value == null || value.isBlank() ? null : value;
        } catch (AgiException e) {
            return null;
        }
    }
}
