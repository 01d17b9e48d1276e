package org.calldesk.bench;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Command-line options; every size and duration has a default that matches DESIGN.md's budgets. */
record BenchOptions(Set<String> scenarios, int customers, int agents, double popRate, int popSeconds,
                    double routeRate, int routeSeconds, int amiCopies, int slaComplaints, int slaDue,
                    int slaSeconds, boolean durable, boolean verbose, int reportCallsPerMonth, int reportComplaints) {

    static final List<String> ALL = List.of("pop", "route", "ami", "sla", "sim", "reports", "cluster");

    static final String USAGE = """
            usage: java -Xmx512m -cp calldesk.jar org.calldesk.bench.Benchmark [options]
              --only pop|route|ami|sla|sim|reports|cluster[,...]  scenarios to run (default: all, in that order;
                                   cluster starts 3 nodes as JVMs of their own and compares with pop when both run)
              --customers N        customers seeded (default 1000000)
              --agents N           agents logged in with a WebSocket for the pop scenario (default 300)
              --pop-rate R         new calls per second in the pop scenario (default 50)
              --pop-seconds S      duration of the call load (default 60)
              --route-rate R       FastAGI route requests per second (default 100)
              --route-seconds S    duration of the FastAGI load (default 30)
              --ami-copies N       copies of the queue-call capture streamed to the AMI bridge (default 2000)
              --sla-complaints N   open complaints (default 100000)
              --sla-due N          of which come due during the run (default 1000)
              --sla-seconds S      window over which they come due (default 30)
              --report-calls N     calls a month in the year of history the reports scenario seeds (default 2000000)
              --report-complaints N  complaints in that year (default 200000)
              --no-durable         embedded PostgreSQL without fsync (default: fsync on, as shipped)
              --verbose            keep calldesk's INFO logging (default: warnings only)""";

    static BenchOptions parse(String[] args) {
        Set<String> only = new LinkedHashSet<>(ALL);
        int customers = 1_000_000;
        int agents = 300;
        double popRate = 50;
        int popSeconds = 60;
        double routeRate = 100;
        int routeSeconds = 30;
        int amiCopies = 2000;
        int slaComplaints = 100_000;
        int slaDue = 1000;
        int slaSeconds = 30;
        boolean durable = true;
        boolean verbose = false;
        int reportCalls = 2_000_000;
        int reportComplaints = 200_000;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--only" -> {
                    only = new LinkedHashSet<>();
                    for (String s : value(args, ++i, arg).split(",")) {
                        if (!ALL.contains(s.trim())) {
                            throw new IllegalArgumentException("--only: unknown scenario '" + s + "'; one of " + ALL);
                        }
                        only.add(s.trim());
                    }
                }
                case "--customers" -> customers = positive(args, ++i, arg);
                case "--agents" -> agents = positive(args, ++i, arg);
                case "--pop-rate" -> popRate = Double.parseDouble(value(args, ++i, arg));
                case "--pop-seconds" -> popSeconds = positive(args, ++i, arg);
                case "--route-rate" -> routeRate = Double.parseDouble(value(args, ++i, arg));
                case "--route-seconds" -> routeSeconds = positive(args, ++i, arg);
                case "--ami-copies" -> amiCopies = positive(args, ++i, arg);
                case "--sla-complaints" -> slaComplaints = positive(args, ++i, arg);
                case "--sla-due" -> slaDue = positive(args, ++i, arg);
                case "--sla-seconds" -> slaSeconds = positive(args, ++i, arg);
                case "--report-calls" -> reportCalls = positive(args, ++i, arg);
                case "--report-complaints" -> reportComplaints = positive(args, ++i, arg);
                case "--no-durable" -> durable = false;
                case "--verbose" -> verbose = true;
                default -> throw new IllegalArgumentException("unknown option " + arg);
            }
        }
        if (agents > 999) {
            throw new IllegalArgumentException("--agents: at most 999 (interfaces PJSIP/2001..2999)");
        }
        if (slaDue > slaComplaints) {
            throw new IllegalArgumentException("--sla-due cannot exceed --sla-complaints");
        }
        return new BenchOptions(only, customers, agents, popRate, popSeconds, routeRate, routeSeconds, amiCopies,
                slaComplaints, slaDue, slaSeconds, durable, verbose, reportCalls, reportComplaints);
    }

    boolean runs(String scenario) {
        return scenarios.contains(scenario);
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }

    private static int positive(String[] args, int i, String option) {
        int n = Integer.parseInt(value(args, i, option));
        if (n <= 0) {
            throw new IllegalArgumentException(option + " must be positive");
        }
        return n;
    }
}
