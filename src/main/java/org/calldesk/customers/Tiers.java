package org.calldesk.customers;

import org.calldesk.platform.ConfigSection;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The customer pyramid: tier names, best first, each with its share of customers by value rank. */
public record Tiers(List<String> names, List<BigDecimal> sharesPercent) {

    /** For a pyramid written on its own, as in {@code tiers:}. */
    public static Tiers from(JsonArray config) {
        return from(ConfigSection.root(new JsonObject().put("tiers", config)));
    }

    public static Tiers from(ConfigSection root) {
        List<ConfigSection> tiers = root.entries("tiers");
        if (tiers.isEmpty()) {
            throw new IllegalArgumentException("tiers: at least one tier is needed");
        }
        List<String> names = new ArrayList<>();
        List<BigDecimal> shares = new ArrayList<>();
        BigDecimal total = BigDecimal.ZERO;
        for (int i = 0; i < tiers.size(); i++) {
            ConfigSection tier = tiers.get(i);
            String name = tier.stringOrEmpty("name");
            if (name.isEmpty() || names.contains(name)) {
                throw new IllegalArgumentException("tiers[" + i + "]: missing or repeated name");
            }
            String written = tier.stringOrEmpty("share");
            BigDecimal share;
            try {
                share = new BigDecimal(written);
            } catch (NumberFormatException e) {
                throw tier.bad("share", "must be a number, got '" + written + "'");
            }
            if (share.signum() < 0) {
                throw new IllegalArgumentException("tiers[" + i + "] (" + name + "): share must not be negative");
            }
            names.add(name);
            shares.add(share);
            total = total.add(share);
        }
        if (total.compareTo(BigDecimal.valueOf(100)) != 0) {
            throw new IllegalArgumentException("tiers: shares add up to " + total.toPlainString() + " %, not 100 %");
        }
        return new Tiers(List.copyOf(names), List.copyOf(shares));
    }

    /** The names as routing and SLA settings use them for keys: trimmed and in lower case. */
    public List<String> keys() {
        return names.stream().map(name -> name.trim().toLowerCase(Locale.ROOT)).toList();
    }

    /**
     * For each tier, the last value rank (1-based) that belongs to it among {@code customers} customers. Ranks
     * are rounded up so the top customer of a tiny base still lands in the top tier; the last tier takes the rest.
     */
    public long[] lastRanks(long customers) {
        long[] upto = new long[names.size()];
        BigDecimal cumulative = BigDecimal.ZERO;
        for (int i = 0; i < upto.length; i++) {
            cumulative = cumulative.add(sharesPercent.get(i));
            upto[i] = i == upto.length - 1 ? Long.MAX_VALUE
                    : BigDecimal.valueOf(customers).multiply(cumulative)
                    .divide(BigDecimal.valueOf(100), 0, RoundingMode.CEILING).longValueExact();
        }
        return upto;
    }
}
