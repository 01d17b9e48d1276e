package org.calldesk.telephony;

import java.util.function.BiConsumer;
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
  private final BiConsumer<String, RouteInfo> onRouted;

  /**
   * @param onRouted receives (caller Uniqueid, decision) on the FastAGI thread; hand it to
   *                 {@link LiveCalls#attachRoute} through the bridge's context
   */
  public RouteScript(RouteService routes, BiConsumer<String, RouteInfo> onRouted) {
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
      try {
        onRouted.accept(uniqueid, info);
      } catch (RuntimeException e) {
        log.warn("route {}: could not record the decision: {}", uniqueid, e.getMessage());
      }
    }
  }

  /** Dialplan variables are one line of text; quotes would end Asterisk-Java's quoted argument. */
  private static String value(String text) {
    return text == null ? "" : text.replace('"', '\'').replace('\n', ' ').replace('\r', ' ');
  }
}
