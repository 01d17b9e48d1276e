package org.calldesk.sim;

/** A queue member as app_queue keeps it (per queue). */
final class Member {
    final String iface;
    final String name;
    final String stateIface;
    final boolean dynamic;
    final SimDevice device;
    int penalty;
    int callsTaken;
    long lastCall;
    long lastPause;
    final long loginTime;
    boolean paused;
    String pausedReason = "";
    boolean inCall;
    long wrapUntilMs;
    Call ringingFor;
    final long order;

    Member(String iface, String name, String stateIface, boolean dynamic, SimDevice device, long loginTime, long order) {
        this.iface = iface;
        this.name = name;
        this.stateIface = stateIface;
        this.dynamic = dynamic;
        this.device = device;
        this.loginTime = loginTime;
        this.order = order;
    }

    /** The device state the queues were last told (QueueMemberStatus), which QueueStatus lists too. */
    int status() {
        return device.published;
    }

    /** The member block shared by QueueMemberAdded/Removed/Pause/Status. */
    Frame appendTo(Frame f, String queue) {
        return f.f("Queue", queue)
            .f("MemberName", name)
            .f("Interface", iface)
            .f("StateInterface", stateIface)
            .f("Membership", dynamic ? "dynamic" : "static")
            .f("Penalty", penalty)
            .f("CallsTaken", callsTaken)
            .f("LastCall", lastCall)
            .f("LastPause", lastPause)
            .f("LoginTime", loginTime)
            .f("InCall", inCall ? 1 : 0)
            .f("Status", status())
            .f("Paused", paused ? 1 : 0)
            .f("PausedReason", pausedReason)
            .f("Ringinuse", 0)
            .f("Wrapuptime", 0);
    }
}
