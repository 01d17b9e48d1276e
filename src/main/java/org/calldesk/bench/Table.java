package org.calldesk.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The figures of one scenario: latency rows (p50/p95/p99/max), plain values, and budget verdicts. */
final class Table {

    private record Latency(String name, double[] ms, long count) {
    }

    private record Budget(String what, boolean met, String measured) {
    }

    final String scenario;
    final String title;
    private final List<Latency> latencies = new ArrayList<>();
    private final List<String[]> values = new ArrayList<>();
    private final List<Budget> budgets = new ArrayList<>();
    private String failure;

    Table(String scenario, String title) {
        this.scenario = scenario;
        this.title = title;
    }

    Table latency(String name, Samples samples) {
        return latency(name, samples.millis(), samples.count());
    }

    Table latency(String name, double[] ms, long count) {
        latencies.add(new Latency(name, ms, count));
        return this;
    }

    Table value(String name, Object value) {
        values.add(new String[]{name, String.valueOf(value)});
        return this;
    }

    Table budget(String what, boolean met, String measured) {
        budgets.add(new Budget(what, met, measured));
        return this;
    }

    Table failed(String why) {
        failure = why;
        return this;
    }

    boolean ok() {
        return failure == null && budgets.stream().allMatch(Budget::met);
    }

    boolean crashed() {
        return failure != null;
    }

    void print(PrintStream out) {
        out.println();
        out.println("== " + scenario + ": " + title + " ==");
        if (failure != null) {
            out.println("  SCENARIO FAILED: " + failure);
        }
        if (!latencies.isEmpty()) {
            out.printf(Locale.ROOT, "  %-52s %9s %9s %9s %9s %8s%n", "latency (ms)", "p50", "p95", "p99", "max", "n");
            for (Latency l : latencies) {
                out.printf(Locale.ROOT, "  %-52s %9s %9s %9s %9s %8d%n", l.name(), ms(l.ms()[0]), ms(l.ms()[1]),
                        ms(l.ms()[2]), ms(l.ms()[3]), l.count());
            }
        }
        for (String[] v : values) {
            out.printf(Locale.ROOT, "  %-52s %s%n", v[0], v[1]);
        }
        for (Budget b : budgets) {
            out.printf(Locale.ROOT, "  budget %-45s %-4s (%s)%n", b.what(), b.met() ? "MET" : "MISSED", b.measured());
        }
    }

    /** One line per budget for the closing summary. */
    void summarise(PrintStream out) {
        if (failure != null) {
            out.printf(Locale.ROOT, "  %-6s %-45s %s%n", scenario, "-", "FAILED: " + failure);
            return;
        }
        for (Budget b : budgets) {
            out.printf(Locale.ROOT, "  %-6s %-45s %-6s %s%n", scenario, b.what(), b.met() ? "MET" : "MISSED", b.measured());
        }
    }

    static String ms(double value) {
        return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, "%.2f", value);
    }
}
