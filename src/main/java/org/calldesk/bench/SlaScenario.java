package org.calldesk.bench;

final class SlaScenario implements Benchmark.Scenario {
    @Override
    public Table run(Benchmark.Context ctx) {
        throw new UnsupportedOperationException("not written yet");
    }
}
