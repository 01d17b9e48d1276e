package org.calldesk.sim;

/** A simulated phone behind one interface (dial string). Test hooks run on the simulator's context. */
public final class SimDevice {
    final String iface;
    private final Pbx pbx;
    volatile boolean autoAnswer = true;
    int ringing;
    int busy;

    SimDevice(String iface, Pbx pbx) {
        this.iface = iface;
        this.pbx = pbx;
    }

    public String iface() {
        return iface;
    }

    /** false: the phone rings but is never picked up (ring-no-answer). */
    public SimDevice autoAnswer(boolean on) {
        autoAnswer = on;
        return this;
    }

    /** Picks up whatever is ringing on this phone now, as a person would. */
    public void answer() {
        pbx.onContext(() -> pbx.answerRinging(this));
    }

    public boolean inUse() {
        return busy > 0;
    }

    boolean available() {
        return busy == 0 && ringing == 0;
    }
}
