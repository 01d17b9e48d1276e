package org.calldesk.sim;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;

/** Runs the switch simulator as a verticle; its config is the whole calldesk config, shipped defaults included. */
public final class SimulatorVerticle extends VerticleBase {
    private SwitchSimulator simulator;

    @Override
    public Future<?> start() {
        simulator = new SwitchSimulator(vertx, SimSettings.from(config()));
        return simulator.start();
    }

    @Override
    public Future<?> stop() {
        return simulator == null ? Future.succeededFuture() : simulator.stop();
    }

    /** The running simulator, for the server to start traffic on; null before start. */
    public SwitchSimulator simulator() {
        return simulator;
    }
}
