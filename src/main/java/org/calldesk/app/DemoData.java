package org.calldesk.app;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.calldesk.agents.AgentStore;
import org.calldesk.agents.PasswordRules;
import org.calldesk.platform.HttpSettings;
import org.calldesk.platform.Role;
import org.calldesk.customers.CustomerImport;
import org.calldesk.customers.CustomerRow;
import org.calldesk.customers.CustomerStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Demo mode: known users and a customer base shaped like a real one (a few customers hold most of the
 * value), seeded only into an empty database and only when {@code demo.enabled}; with demo mode off, the demo users
 * are disabled.
 */
public final class DemoData {

    private static final Logger log = LoggerFactory.getLogger(DemoData.class);
    /** Accepted only in demo mode: outside it, {@link AgentStore} refuses it at every login. */
    public static final String PASSWORD = PasswordRules.DEMO_PASSWORD;
    public static final int AGENTS = 8;

    private static final String[] SURNAMES = {"Wang", "Li", "Zhang", "Liu", "Chen", "Yang", "Huang", "Zhao", "Wu",
            "Zhou", "Xu", "Sun", "Ma", "Zhu", "Hu", "Guo", "He", "Lin", "Gao", "Luo"};
    private static final String[] GIVEN = {"Wei", "Fang", "Na", "Min", "Jing", "Lei", "Qiang", "Yan", "Jun", "Yong",
            "Li", "Tao", "Ming", "Hui", "Xin", "Jie", "Ping", "Hao", "Yu", "Lan", "Bo", "Chen", "Dan", "Feng"};
    private static final String[] COMPANIES = {"Trading", "Logistics", "Electronics", "Foods", "Textiles", "Motors",
            "Pharma", "Software", "Retail", "Hotels"};
    private static final int[] MOBILE_PREFIXES = {130, 131, 132, 133, 135, 136, 137, 138, 139, 150, 151, 152, 153,
            155, 156, 157, 158, 159, 166, 176, 177, 178, 180, 181, 182, 183, 185, 186, 187, 188, 189, 191, 198, 199};
    private static final String[] CALL_SUMMARIES = {"asked about an invoice", "changed delivery address",
            "order status enquiry", "product question", "requested a quote", "reported a late delivery",
            "renewed the contract", "asked for a refund"};
    private static final String[] NOTE_SUMMARIES = {"prefers calls in the morning", "interested in the premium plan",
            "sent the catalogue by email", "follow-up promised next week"};

    private final Pool pg;
    private final AgentStore agents;
    private final CustomerStore customers;
    private final DemoSettings demo;

    public DemoData(Pool pg, AgentStore agents, CustomerStore customers, DemoSettings demo) {
        this.pg = pg;
        this.agents = agents;
        this.customers = customers;
        this.demo = demo;
    }

    public Future<Void> seed() {
        return seedUsers().compose(v -> pg.query(AppSql.CUSTOMER_COUNT).execute())
                .compose(rows -> rows.iterator().next().getLong("n") > 0
                        ? Future.succeededFuture()
                        : seedCustomers(demo.customers(), demo.seed()));
    }

    private Future<Void> seedUsers() {
        return agents.count().compose(count -> {
            if (count > 0) {
                return agents.enableDemo(demoPhones()).map(enabled -> {
                    if (!enabled.isEmpty()) {
                        log.warn("DEMO MODE: demo users {} are back in use, with the password '{}'", enabled, PASSWORD);
                    }
                    log.warn("DEMO MODE: demo users keep the password '{}' they were created with", PASSWORD);
                    return null;
                });
            }
            Future<?> chain = agents.createDemo(new AgentStore.NewAgent("admin", "Administrator", Role.ADMIN, null,
                            List.of(), List.of(), null))
                    .compose(a -> agents.createDemo(new AgentStore.NewAgent("supervisor", "Sam Supervisor", Role.SUPERVISOR,
                            null, List.of(), List.of(), "A")));
            for (int i = 1; i <= AGENTS; i++) {
                int n = i;
                List<String> queues = n <= 3 ? List.of("vip", "service", "complaints") : List.of("service", "complaints");
                chain = chain.compose(a -> agents.createDemo(new AgentStore.NewAgent("agent" + n, "Agent " + n,
                        Role.AGENT, demo.interfaceOf(n), queues, List.of("billing", "delivery"),
                        n <= 4 ? "A" : "B")));
            }
            return chain.onSuccess(v -> log.warn("DEMO MODE: created users admin, supervisor and agent1..agent{}, "
                    + "all with password '{}'. Turn demo.enabled off in production.", AGENTS, PASSWORD)).mapEmpty();
        });
    }

    /**
     * Demo mode off: the demo users that still have the demo password are taken out of use (kept, with their history,
     * but unable to log in) and their phones freed, so a data directory once started in demo mode has no known login.
     */
    public Future<Void> disableDemoUsers() {
        return agents.disableDemo(List.copyOf(demoPhones().keySet())).map(disabled -> {
            if (!disabled.isEmpty()) {
                log.warn("demo mode is off: disabled the demo users {}, which still had the password '{}'; create accounts"
                        + " of your own with 'admin create-user'", disabled, PASSWORD);
            }
            return null;
        });
    }

    /** The demo users' usernames, each with the phone demo mode gives it (none for admin and supervisor). */
    private Map<String, String> demoPhones() {
        Map<String, String> phones = new LinkedHashMap<>();
        phones.put("admin", null);
        phones.put("supervisor", null);
        for (int i = 1; i <= AGENTS; i++) {
            phones.put("agent" + i, demo.interfaceOf(i));
        }
        return phones;
    }

    /**
     * Why demo mode must not start with these settings, or null: on an address other than loopback anyone who can
     * reach the port could log in as admin with the demo password, unless the operator said that is intended.
     */
    public static String refusal(DemoSettings demo, HttpSettings http) {
        if (!demo.enabled() || demo.allowOnNetwork() || loopback(http.host())) {
            return null;
        }
        return "demo.enabled is true and http.host " + http.host() + " is not a loopback address: anyone who reaches it"
                + " could log in as admin with the password '" + PASSWORD + "'. Set demo.enabled: false for production,"
                + " or demo.allow_on_network: true to serve the demo on the network anyway";
    }

    /** Judged from the text alone: a name other than localhost may resolve anywhere, so it counts as the network. */
    static boolean loopback(String host) {
        String h = host.trim().toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        return h.equals("localhost") || h.equals("::1") || h.equals("0:0:0:0:0:0:0:1")
                || h.matches("127(\\.(25[0-5]|2[0-4]\\d|1?\\d?\\d)){3}");
    }

    /** Generates customers with Pareto-distributed revenue, +86 mobiles, managers for the best, and some history. */
    public Future<Void> seedCustomers(int count, long seed) {
        Random random = new Random(seed);
        List<CustomerRow> rows = generate(count, random);
        long started = System.nanoTime();
        return customers.managers().compose(managers -> {
            List<Long> managerIds = new ArrayList<>();
            for (int i = 1; i <= AGENTS; i++) {
                Long id = managers.get("agent" + i);
                if (id != null) {
                    managerIds.add(id);
                }
            }
            List<CustomerRow> managed = assignManagers(rows, managerIds);
            return CustomerImport.write(pg, managed)
                    .compose(v -> seedHistory(random, managerIds))
                    .compose(v -> customers.reclassify())
                    .onSuccess(tiers -> log.info("demo data: {} customers in {} ms, tiers {}", count,
                            (System.nanoTime() - started) / 1_000_000, tiers))
                    .mapEmpty();
        });
    }

    static List<CustomerRow> generate(int count, Random random) {
        List<CustomerRow> rows = new ArrayList<>(count);
        Set<String> numbers = new HashSet<>();
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        for (int i = 1; i <= count; i++) {
            boolean company = random.nextInt(5) == 0;
            String name = SURNAMES[random.nextInt(SURNAMES.length)] + " " + GIVEN[random.nextInt(GIVEN.length)]
                    + (company ? " " + COMPANIES[random.nextInt(COMPANIES.length)] + " Co." : "");
            // Pareto with alpha ~1.16 gives the 80/20 split of the customer pyramid.
            double revenue = Math.min(2_000_000, 800 / Math.pow(1 - random.nextDouble(), 1 / 1.16));
            double cost = 150 + revenue * (0.05 + 0.15 * random.nextDouble());
            LocalDate first = today.minusDays(random.nextInt(5 * 365));
            long span = Math.max(1, today.toEpochDay() - first.toEpochDay());
            LocalDate last = first.plusDays((long) (span * Math.sqrt(random.nextDouble())));
            List<CustomerRow.Phone> phones = new ArrayList<>();
            int phoneCount = random.nextInt(10) == 0 ? 2 : 1;
            while (phones.size() < phoneCount) {
                int prefix = MOBILE_PREFIXES[random.nextInt(MOBILE_PREFIXES.length)];
                String digits = String.format("%d%08d", prefix, random.nextInt(100_000_000));
                if (numbers.add(digits)) {
                    phones.add(new CustomerRow.Phone("+86" + digits,
                            digits.substring(0, 3) + " " + digits.substring(3, 7) + " " + digits.substring(7)));
                }
            }
            rows.add(new CustomerRow(i, String.format("C%07d", i), name,
                    name.toLowerCase().replace(' ', '.').replace("co.", "co") + "@example.cn",
                    BigDecimal.valueOf(revenue).setScale(2, RoundingMode.HALF_UP),
                    BigDecimal.valueOf(cost).setScale(2, RoundingMode.HALF_UP), first, last, null, phones));
        }
        return rows;
    }

    /** The top fifth by value get account managers, dealt round-robin. */
    private static List<CustomerRow> assignManagers(List<CustomerRow> rows, List<Long> managerIds) {
        if (managerIds.isEmpty()) {
            return rows;
        }
        List<CustomerRow> byValue = new ArrayList<>(rows);
        byValue.sort(Comparator.comparing((CustomerRow r) -> r.revenue12m().subtract(r.cost12m())).reversed());
        Map<String, Long> managerOf = new HashMap<>();
        for (int i = 0; i < byValue.size() / 5; i++) {
            managerOf.put(byValue.get(i).externalId(), managerIds.get(i % managerIds.size()));
        }
        List<CustomerRow> result = new ArrayList<>(rows.size());
        for (CustomerRow r : rows) {
            result.add(new CustomerRow(r.line(), r.externalId(), r.name(), r.email(), r.revenue12m(), r.cost12m(),
                    r.firstContact(), r.lastContact(), managerOf.get(r.externalId()), r.phones()));
        }
        return result;
    }

    private Future<Void> seedHistory(Random random, List<Long> agentIds) {
        return pg.query(AppSql.CUSTOMER_CONTACTS).execute().compose(rows -> {
            List<Long> customerIds = new ArrayList<>();
            List<OffsetDateTime> times = new ArrayList<>();
            List<Long> agentsOf = new ArrayList<>();
            List<String> kinds = new ArrayList<>();
            List<String> summaries = new ArrayList<>();
            for (Row row : rows) {
                LocalDate first = row.getLocalDate("first_contact");
                LocalDate last = row.getLocalDate("last_contact");
                int n = random.nextInt(4);
                for (int i = 0; i < n; i++) {
                    long days = Math.max(1, last.toEpochDay() - first.toEpochDay());
                    LocalDate day = first.plusDays((long) (random.nextDouble() * days));
                    boolean call = random.nextInt(4) != 0;
                    customerIds.add(row.getLong("id"));
                    times.add(day.atTime(9 + random.nextInt(9), random.nextInt(60)).atOffset(ZoneOffset.ofHours(8)));
                    agentsOf.add(agentIds.isEmpty() ? null : agentIds.get(random.nextInt(agentIds.size())));
                    kinds.add(call ? "call" : "note");
                    summaries.add(call ? CALL_SUMMARIES[random.nextInt(CALL_SUMMARIES.length)]
                            : NOTE_SUMMARIES[random.nextInt(NOTE_SUMMARIES.length)]);
                }
            }
            return pg.preparedQuery(AppSql.INSERT_INTERACTIONS).execute(Tuple.from(new Object[]{customerIds.toArray(Long[]::new),
                    times.toArray(OffsetDateTime[]::new), agentsOf.toArray(Long[]::new),
                    kinds.toArray(String[]::new), summaries.toArray(String[]::new)})).mapEmpty();
        });
    }
}
