package org.calldesk.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/** The manager actions calldesk uses, with the replies and error texts of Asterisk 22. */
final class AmiActions {
    static final int UNKNOWN = -1;

    /**
     * The write classes each action is registered with in Asterisk 22 (main/manager.c, apps/app_queue.c); a user
     * may run an action when its write classes share one of them, and anyone logged in may run those with none.
     */
    private static final Map<String, Integer> PRIVILEGES = Map.ofEntries(
        Map.entry("ping", 0), Map.entry("events", 0),
        Map.entry("hangup", AmiUser.SYSTEM | AmiUser.CALL),
        Map.entry("originate", AmiUser.ORIGINATE),
        Map.entry("command", AmiUser.COMMAND),
        Map.entry("coresettings", AmiUser.SYSTEM | AmiUser.REPORTING),
        Map.entry("coreshowchannels", AmiUser.SYSTEM | AmiUser.REPORTING),
        Map.entry("queuestatus", 0), Map.entry("queuesummary", 0),
        Map.entry("queueadd", AmiUser.AGENT), Map.entry("queueremove", AmiUser.AGENT),
        Map.entry("queuepause", AmiUser.AGENT),
        Map.entry("queuechangeprioritycaller", 0));

    private final Pbx pbx;

    /** The write classes the action needs, 0 for none, {@link #UNKNOWN} for an action the simulator does not have. */
    static int privilege(String action) {
        return PRIVILEGES.getOrDefault(action.toLowerCase(Locale.ROOT), UNKNOWN);
    }

    AmiActions(Pbx pbx) {
        this.pbx = pbx;
    }

    void handle(String action, Map<String, String> m, String id, Consumer<Frame> out) {
        switch (action.toLowerCase(Locale.ROOT)) {
            case "ping" -> out.accept(Frame.response("Success", id).f("Ping", "Pong")
                .f("Timestamp", String.format(Locale.ROOT, "%.6f", System.currentTimeMillis() / 1000.0)));
            case "coresettings" -> out.accept(Frame.response("Success", id).f("AMIversion", "11.0.0")
                .f("AsteriskVersion", "22.10.1").f("SystemName", "").f("CoreMaxCalls", 0).f("CoreMaxLoadAvg", "0.000000")
                .f("CoreRunUser", "").f("CoreRunGroup", "").f("CoreMaxFilehandles", 0).f("CoreRealTimeEnabled", "No")
                .f("CoreCDRenabled", "Yes").f("CoreHTTPenabled", "No").f("SoundsSearchCustomDir", "No"));
            case "command" -> command(m, id, out);
            case "queuestatus" -> queueStatus(m, id, out);
            case "queuesummary" -> queueSummary(m, id, out);
            case "queueadd" -> queueAdd(m, id, out);
            case "queueremove" -> queueRemove(m, id, out);
            case "queuepause" -> queuePause(m, id, out);
            case "queuechangeprioritycaller" -> changePriority(m, id, out);
            case "originate" -> originate(m, id, out);
            case "coreshowchannels" -> coreShowChannels(id, out);
            case "hangup" -> hangup(m, id, out);
            default -> throw new IllegalArgumentException("no handler for AMI action " + action);
        }
    }

    private static Frame error(String id, String message) {
        return Frame.response("Error", id).f("Message", message);
    }

    private static Frame ack(String id, String message) {
        return Frame.response("Success", id).f("Message", message);
    }

    private void command(Map<String, String> m, String id, Consumer<Frame> out) {
        String cmd = m.getOrDefault("command", "").trim();
        String output = cmd.equalsIgnoreCase("core show version")
            ? "Asterisk 22.10.1 built by calldesk @ switch-simulator on a x86_64 running Linux"
            : "No such command '" + cmd + "' (type 'core show help " + cmd + "' for other possible commands)";
        out.accept(ack(id, "Command output follows").f("Output", output));
    }

    private List<SimQueue> selected(String name) {
        List<SimQueue> list = new ArrayList<>();
        for (SimQueue q : pbx.queues.queues.values()) {
            if (name == null || name.isEmpty() || q.name().equals(name)) {
                list.add(q);
            }
        }
        return list;
    }

    private void queueStatus(Map<String, String> m, String id, Consumer<Frame> out) {
        out.accept(Frame.response("Success", id).f("EventList", "start").f("Message", "Queue status will follow"));
        String memberFilter = m.get("member");
        long now = pbx.now();
        int items = 0;
        for (SimQueue q : selected(m.get("queue"))) {
            out.accept(Frame.event("QueueParams", null).f("Queue", q.name()).f("Max", q.spec.maxlen())
                .f("Strategy", q.spec.strategy()).f("Calls", q.callers.size()).f("Holdtime", q.avgHold())
                .f("TalkTime", q.avgTalk()).f("Completed", q.completed).f("Abandoned", q.abandoned)
                .f("ServiceLevel", q.spec.serviceLevelS()).f("ServicelevelPerf", q.slPerf())
                .f("ServicelevelPerf2", q.slPerf2()).f("Weight", q.spec.weight()).actionId(id));
            items++;
            for (Member mem : q.members.values()) {
                if (memberFilter != null && !memberFilter.isEmpty() && !memberFilter.equals(mem.iface)
                    && !memberFilter.equals(mem.name)) {
                    continue;
                }
                out.accept(Frame.event("QueueMember", null).f("Queue", q.name()).f("Name", mem.name).f("Location", mem.iface)
                    .f("StateInterface", mem.stateIface).f("Membership", mem.dynamic ? "dynamic" : "static")
                    .f("Penalty", mem.penalty).f("CallsTaken", mem.callsTaken).f("LastCall", mem.lastCall)
                    .f("LastPause", mem.lastPause).f("LoginTime", mem.loginTime).f("InCall", mem.inCall ? 1 : 0)
                    .f("Status", mem.status()).f("Paused", mem.paused ? 1 : 0).f("PausedReason", mem.pausedReason)
                    .f("Wrapuptime", 0).actionId(id));
                items++;
            }
            int pos = 1;
            for (Call c : q.callers) {
                out.accept(Frame.event("QueueEntry", null).f("Queue", q.name()).f("Position", pos++)
                    .f("Channel", c.leg.name).f("Uniqueid", c.leg.uniqueid).f("CallerIDNum", c.leg.cidNum)
                    .f("CallerIDName", c.leg.cidName).f("ConnectedLineNum", c.leg.connNum)
                    .f("ConnectedLineName", c.leg.connName).f("Wait", (now - c.joinedMs) / 1000)
                    .f("Priority", c.prio).actionId(id));
                items++;
            }
        }
        out.accept(Frame.event("QueueStatusComplete", null).actionId(id).f("EventList", "Complete").f("ListItems", items));
    }

    private void queueSummary(Map<String, String> m, String id, Consumer<Frame> out) {
        out.accept(Frame.response("Success", id).f("EventList", "start").f("Message", "Queue summary will follow"));
        long now = pbx.now();
        int items = 0;
        for (SimQueue q : selected(m.get("queue"))) {
            int available = 0;
            for (Member mem : q.members.values()) {
                if (!mem.paused && mem.status() == 1) {
                    available++;
                }
            }
            long longest = q.callers.isEmpty() ? 0 : (now - q.callers.stream().mapToLong(c -> c.joinedMs).min().orElse(now)) / 1000;
            out.accept(Frame.event("QueueSummary", null).f("Queue", q.name()).f("LoggedIn", q.members.size())
                .f("Available", available).f("Callers", q.callers.size()).f("HoldTime", q.avgHold())
                .f("TalkTime", q.avgTalk()).f("LongestHoldTime", longest).actionId(id));
            items++;
        }
        out.accept(Frame.event("QueueSummaryComplete", null).actionId(id).f("EventList", "Complete").f("ListItems", items));
    }

    private static boolean truthy(String v) {
        if (v == null) {
            return false;
        }
        String s = v.trim().toLowerCase(Locale.ROOT);
        return s.equals("yes") || s.equals("true") || s.equals("y") || s.equals("t") || s.equals("1") || s.equals("on");
    }

    private static int intOr(String v, int def) {
        try {
            return v == null || v.isBlank() ? def : Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            return def;
        }
    }

    private void queueAdd(Map<String, String> m, String id, Consumer<Frame> out) {
        String queue = m.get("queue");
        String iface = m.get("interface");
        if (queue == null || queue.isEmpty()) {
            out.accept(error(id, "'Queue' not specified."));
            return;
        }
        if (iface == null || iface.isEmpty()) {
            out.accept(error(id, "'Interface' not specified."));
            return;
        }
        SimQueue q = pbx.queues.queue(queue);
        if (q == null) {
            out.accept(error(id, "Unable to add interface to queue: No such queue"));
        } else if (q.members.containsKey(iface)) {
            out.accept(error(id, "Unable to add interface: Already there"));
        } else {
            out.accept(ack(id, "Added interface to queue"));
            pbx.queues.add(q, iface, m.get("membername"), m.get("stateinterface"), intOr(m.get("penalty"), 0),
                truthy(m.get("paused")), m.get("reason"));
        }
    }

    private void queueRemove(Map<String, String> m, String id, Consumer<Frame> out) {
        String queue = m.get("queue");
        String iface = m.get("interface");
        if (queue == null || queue.isEmpty() || iface == null || iface.isEmpty()) {
            out.accept(error(id, "Need 'Queue' and 'Interface' parameters."));
            return;
        }
        SimQueue q = pbx.queues.queue(queue);
        Member mem = q == null ? null : q.members.get(iface);
        if (q == null) {
            out.accept(error(id, "Unable to remove interface from queue: No such queue"));
        } else if (mem == null) {
            out.accept(error(id, "Unable to remove interface: Not there"));
        } else if (!mem.dynamic) {
            out.accept(error(id, "Unable to remove interface: Only dynamic queue members may be removed"));
        } else {
            out.accept(ack(id, "Removed interface from queue"));
            pbx.queues.remove(q, mem);
        }
    }

    private void queuePause(Map<String, String> m, String id, Consumer<Frame> out) {
        String iface = m.get("interface");
        String pausedText = m.get("paused");
        if (iface == null || iface.isEmpty() || pausedText == null || pausedText.isEmpty()) {
            out.accept(error(id, "Need 'Interface' and 'Paused' parameters."));
            return;
        }
        boolean paused = truthy(pausedText);
        List<SimQueue> targets = new ArrayList<>();
        for (SimQueue q : selected(m.get("queue"))) {
            if (q.members.containsKey(iface)) {
                targets.add(q);
            }
        }
        if (targets.isEmpty()) {
            out.accept(error(id, "Interface not found"));
            return;
        }
        out.accept(ack(id, paused ? "Interface paused successfully" : "Interface unpaused successfully"));
        for (SimQueue q : targets) {
            pbx.queues.pause(q, q.members.get(iface), paused, m.get("reason"));
        }
    }

    private void changePriority(Map<String, String> m, String id, Consumer<Frame> out) {
        String queue = m.get("queue");
        String caller = m.get("caller");
        String prioText = m.get("priority");
        if (queue == null || queue.isEmpty()) {
            out.accept(error(id, "'Queue' not specified."));
            return;
        }
        if (caller == null || caller.isEmpty()) {
            out.accept(error(id, "'Caller' not specified."));
            return;
        }
        if (prioText == null || prioText.isEmpty()) {
            out.accept(error(id, "'Priority' not specified."));
            return;
        }
        int prio;
        try {
            prio = Integer.parseInt(prioText.trim());
        } catch (NumberFormatException e) {
            out.accept(error(id, "'Priority' need integer."));
            return;
        }
        SimQueue q = pbx.queues.queue(queue);
        if (q == null) {
            out.accept(error(id, "Unable to change priority caller on queue: No such queue"));
        } else if (!pbx.queues.changePriority(q, caller, prio, truthy(m.get("immediate")))) {
            out.accept(error(id, "Unable to change priority caller on queue: No such caller"));
        } else {
            out.accept(ack(id, "Priority change for caller on queue"));
        }
    }

    private void originate(Map<String, String> m, String id, Consumer<Frame> out) {
        String channel = m.get("channel");
        if (channel == null || channel.isEmpty()) {
            out.accept(error(id, "Channel not specified"));
            return;
        }
        String app = m.get("application");
        String exten = m.get("exten");
        if ((app == null || app.isEmpty()) && (exten == null || exten.isEmpty())) {
            out.accept(error(id, "Exten not specified"));
            return;
        }
        String[] cid = callerId(m.get("callerid"));
        boolean hasApp = app != null && !app.isEmpty();
        Originate req = new Originate(id, channel, hasApp ? null : m.getOrDefault("context", "default"),
            hasApp ? null : exten, app, m.get("data"), cid[0], cid[1], intOr(m.get("timeout"), 30000), m.get("variable"));
        if (channel.equals("Local/s@inbound")) {
            out.accept(ack(id, "Originate successfully queued"));
            pbx.hotline.originate(req, variable(m.get("variable"), "CALLDESK_IVR", "service"));
        } else if (truthy(m.get("async"))) {
            out.accept(ack(id, "Originate successfully queued"));
            pbx.originations.originate(req, ok -> { });
        } else {
            pbx.originations.originate(req, ok -> out.accept(ok
                ? ack(id, "Originate successfully queued") : error(id, "Originate failed")));
        }
    }

    /** One NAME=value out of Originate's Variable lines (comma or pipe separated). */
    static String variable(String variables, String name, String def) {
        if (variables != null) {
            for (String kv : variables.split("[,|]")) {
                int eq = kv.indexOf('=');
                if (eq > 0 && kv.substring(0, eq).trim().equals(name)) {
                    return kv.substring(eq + 1).trim();
                }
            }
        }
        return def;
    }

    /** "Name" <num>, or a bare number: Asterisk's ast_callerid_parse, roughly. */
    static String[] callerId(String cid) {
        if (cid == null || cid.isBlank()) {
            return new String[] {null, null};
        }
        int lt = cid.indexOf('<');
        int gt = cid.indexOf('>', lt + 1);
        if (lt >= 0 && gt > lt) {
            String name = cid.substring(0, lt).trim().replace("\"", "");
            return new String[] {cid.substring(lt + 1, gt).trim(), name.isEmpty() ? "<unknown>" : name};
        }
        return new String[] {cid.trim(), "<unknown>"};
    }

    private void coreShowChannels(String id, Consumer<Frame> out) {
        out.accept(Frame.response("Success", id).f("EventList", "start").f("Message", "Channels will follow"));
        long now = pbx.now();
        int items = 0;
        for (Chan c : pbx.channels.values()) {
            long s = (now - c.createdMs) / 1000;
            out.accept(Frame.event("CoreShowChannel", null).actionId(id).chan(c).f("Application", c.application)
                .f("ApplicationData", c.appData)
                .f("Duration", String.format(Locale.ROOT, "%02d:%02d:%02d", s / 3600, s / 60 % 60, s % 60))
                .f("BridgeId", c.bridgeId));
            items++;
        }
        out.accept(Frame.event("CoreShowChannelsComplete", null).actionId(id).f("EventList", "Complete").f("ListItems", items));
    }

    private void hangup(Map<String, String> m, String id, Consumer<Frame> out) {
        String channel = m.get("channel");
        if (channel == null || channel.isEmpty()) {
            out.accept(error(id, "No channel specified"));
        } else if (pbx.channels.containsKey(channel)) {
            out.accept(ack(id, "Channel Hungup"));
            pbx.hangupChannel(channel);
        } else {
            out.accept(error(id, "No such channel"));
        }
    }
}
