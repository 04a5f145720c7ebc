package io.pmr.launcher;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.pmr.collector.catalogue.Catalogue;
import io.pmr.collector.catalogue.MeasureDefinition;
import io.pmr.collector.catalogue.MeasureKind;
import io.pmr.hardware.Region;
import io.pmr.hardware.sim.AvailabilityRow;
import io.pmr.hardware.sim.GroundTruth;
import io.pmr.hardware.sim.OutageFigures;
import io.pmr.hardware.sim.RatioRow;
import io.pmr.hardware.sim.TruthRow;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The rig's ground truth for the report period, as {@code ground-truth.json}: per measure the true numerator
 * and denominator. Classic and DSP measures count events (numerator: within TRT); {@code CSPx/PM2} counts hubs
 * per firmware payload; the SMWAN connectivity measures count installed hubs; {@code CSPx/PM12.1} counts the
 * alerts of outages of 50 hubs or fewer; {@code CSPx/PM12.2} has sum A over sum N of the larger outages plus
 * {@code level} (per event, capped, as the contract intends) and {@code historicalLevel} (from the month's
 * totals); {@code CSPx/PM6.2}, {@code DSP/PM2.x} and {@code CSPN/PM6.3} (probed availability; the DSP and Access
 * Node ones probed from NORTH, so present when NORTH is served) have available seconds over seconds in the period and their
 * {@code level}; the SMWAN connectivity level ({@code CSPN/PM1.4}, {@code CSPC/PM1.3}, {@code CSPS/PM1.3}) has hub-days
 * connected over hub-days in scope (pmr's rule, {@code io.pmr.model.SmwanLevelRule}). Composite rows, contributions read from the catalogue, have the sums of their contributors' true
 * counts (the pooled reading) and as {@code level} the mean of the contributors' true levels, each rounded half-up to
 * 2 decimals as published, the mean half-up to 2 decimals (the report's rule); contributors the rig does not feed are
 * left out, as the report leaves out a contributor not reported.
 * A quarterly measure's truth is its quarter to date: the months of its quarter up to the report month.
 *
 * <p>Shape: {@code {"period": "2020-09", "seed": 7, "hubs": 300, "measures": [{"id": "CSPN/PM4.3",
 * "numerator": 1234, "denominator": 1240, "lost": 3, "failed": 2, "late_ends": 9}, {"id": "CSPN/PM12.2",
 * "numerator": 5100, "denominator": 5230, ..., "level": "97.52", "historicalLevel": "380.12"}, ...]}}.
 */
record GroundTruthFile(String period, long seed, int hubs, List<Entry> measures) {

    /**
     * One measure's truth; a composite's counts are the sums of its contributors'. {@code lost}, {@code failed} and
     * {@code lateEnds} count events (0 for the measures that count hubs or outages). {@code level}: PM12.2 (per
     * event), probed availability, and composites (mean of the contributors' levels), else null;
     * {@code historicalLevel}: PM12.2 only.
     */
    record Entry(String id, long numerator, long denominator, long lost, long failed, long lateEnds,
                 BigDecimal level, BigDecimal historicalLevel) {
        Entry(String id, long numerator, long denominator, long lost, long failed, long lateEnds) {
            this(id, numerator, denominator, lost, failed, lateEnds, null, null);
        }

        static Entry of(TruthRow row) {
            return new Entry(row.measureId(), row.withinTrt(), row.events(), row.lost(), row.failed(), row.lateEnds());
        }

        static Entry of(RatioRow row) {
            return new Entry(row.measureId(), row.numerator(), row.denominator(), 0, 0, 0);
        }

        Entry renamed(String newId) {
            return new Entry(newId, numerator, denominator, lost, failed, lateEnds);
        }

        /**
         * The level the product publishes for this truth: the entry's own level where it has one (PM12.2 per event,
         * probed availability), else 100 x numerator / denominator half-up to 2 decimals; null without events.
         */
        BigDecimal truthLevel() {
            if (level != null) {
                return level;
            }
            return denominator == 0 ? null : BigDecimal.valueOf(numerator).multiply(BigDecimal.valueOf(100))
                    .divide(BigDecimal.valueOf(denominator), 2, RoundingMode.HALF_UP);
        }

        Entry withLevel(BigDecimal newLevel) {
            return new Entry(id, numerator, denominator, lost, failed, lateEnds, newLevel, historicalLevel);
        }

        Entry plus(Entry other) {
            return new Entry(id, numerator + other.numerator, denominator + other.denominator, lost + other.lost,
                    failed + other.failed, lateEnds + other.lateEnds);
        }
    }

    /** The truth of every region (what the demo's three agents measure). */
    static GroundTruthFile of(GroundTruth truth, Catalogue catalogue, DemoOptions options) {
        return of(truth, catalogue, options.period(), options.seed(), options.hubs(), EnumSet.allOf(Region.class));
    }

    /**
     * The truth of the served regions only: a regional measure of another region is left out and a composite
     * sums its contributors among the rest, so it equals what agents on these regions report. The DSP measures
     * (not regional) sum every region's events, so they are in only when every region is served.
     *
     * @throws IllegalStateException if the rig feeds a measure the catalogue does not have
     */
    static GroundTruthFile of(GroundTruth truth, Catalogue catalogue, YearMonth period, long seed, int hubs,
                              Set<Region> served) {
        Map<String, Entry> byId = truthEntries(truth, period, served);
        // a quarterly measure's truth is its quarter to date: the months of its quarter (as the catalogue's quarters
        // column cuts them) up to and including this one, summed; never a month after the report's
        for (int monthsBack = 1; monthsBack <= 2; monthsBack++) {
            YearMonth month = period.minusMonths(monthsBack);
            Map<String, Entry> earlier = truthEntries(truth, month, served);
            for (MeasureDefinition measure : catalogue.measures()) {
                Entry part = earlier.get(measure.id());
                if (part != null && measure.isQuarterly() && !month.isBefore(quarterStart(period, measure))) {
                    byId.merge(measure.id(), part, Entry::plus);
                }
            }
        }
        List<Entry> entries = new ArrayList<>();
        Set<String> used = new TreeSet<>();
        for (MeasureDefinition measure : catalogue.measures()) {
            if (measure.kind() == MeasureKind.COMPOSITE) {
                Entry sum = null;
                BigDecimal sumOfLevels = BigDecimal.ZERO;
                int levels = 0;
                for (MeasureDefinition contributor : catalogue.contributorsOf(measure.id())) {
                    Entry part = byId.get(contributor.id());
                    if (part != null) {
                        sum = sum == null ? part.renamed(measure.id()) : sum.plus(part);
                        BigDecimal level = part.truthLevel();
                        if (level != null) {
                            sumOfLevels = sumOfLevels.add(level);
                            levels++;
                        }
                    }
                }
                if (sum != null) {
                    // the report's rule: the mean of the contributors' levels, each rounded as published (a
                    // contributor the rig does not feed is not reported and left out), half-up to 2 decimals
                    entries.add(sum.withLevel(levels == 0 ? null
                            : sumOfLevels.divide(BigDecimal.valueOf(levels), 2, RoundingMode.HALF_UP)));
                }
            } else if (byId.containsKey(measure.id())) {
                entries.add(byId.get(measure.id()));
                used.add(measure.id());
            }
        }
        if (!used.containsAll(byId.keySet())) {
            Set<String> unknown = new TreeSet<>(byId.keySet());
            unknown.removeAll(used);
            throw new IllegalStateException("the rig feeds measures the catalogue does not have: " + unknown);
        }
        return new GroundTruthFile(period.toString(), seed, hubs, List.copyOf(entries));
    }

    /**
     * The first month of the quarter of {@code reportMonth} for a quarterly measure: quarters start in the catalogue's
     * {@code quarters} month (1..3) and every third month after. Worked out here, not taken from the collector, so
     * the oracle stays independent of the code it checks.
     */
    static YearMonth quarterStart(YearMonth reportMonth, MeasureDefinition measure) {
        int monthsIntoQuarter = ((reportMonth.getMonthValue() - measure.quartersStart()) % 3 + 3) % 3;
        return reportMonth.minusMonths(monthsIntoQuarter);
    }

    /** Every non-composite measure's truth in the period, by id, for the served regions. */
    private static Map<String, Entry> truthEntries(GroundTruth truth, YearMonth period, Set<Region> served) {
        boolean everyRegion = served.containsAll(EnumSet.allOf(Region.class));
        Map<String, Entry> byId = new LinkedHashMap<>();
        for (TruthRow row : truth.rows(period)) {
            if (servedMeasure(row.measureId(), served, everyRegion)) {
                byId.put(row.measureId(), Entry.of(row));
            }
        }
        for (RatioRow row : truth.devices().firmwareRows(period)) {
            if (servedMeasure(row.measureId(), served, everyRegion)) {
                byId.put(row.measureId(), Entry.of(row));
            }
        }
        for (RatioRow row : truth.devices().connectivityRows(period)) {
            if (servedMeasure(row.measureId(), served, everyRegion)) {
                byId.put(row.measureId(), Entry.of(row));
            }
        }
        for (OutageFigures figures : truth.devices().outageFigures(period)) {
            if (!served.contains(figures.region())) {
                continue;
            }
            if (figures.smallOutages() > 0) {
                String id = OutageFigures.pm121Id(figures.region());
                byId.put(id, new Entry(id, figures.smallWithinTrt(), figures.smallHubs(), 0, 0, 0));
            }
            if (figures.largeOutages() > 0) {
                String id = OutageFigures.pm122Id(figures.region());
                byId.put(id, new Entry(id, figures.largeWithinTrt(), figures.largeHubs(), 0, 0, 0,
                        figures.pm122IntendedLevel(), figures.pm122HistoricalLevel()));
            }
        }
        for (io.pmr.hardware.sim.LevelRow row : truth.smwanLevel(period)) {
            if (servedMeasure(row.measureId(), served, everyRegion)) {
                // the SMWAN connectivity level counts hub-days: connected over in scope (pmr's rule)
                byId.put(row.measureId(), new Entry(row.measureId(), row.connectedHubDays(), row.hubDays(), 0, 0, 0));
            }
        }
        for (AvailabilityRow row : truth.availability(period)) {
            if (served.contains(row.region())) {
                // the collector counts seconds: available over seconds in the period
                byId.put(row.measureId(), new Entry(row.measureId(), row.availableSeconds(), row.periodSeconds(), 0, 0,
                        0, row.level(), null));
            }
        }
        return byId;
    }

    private static boolean servedMeasure(String measureId, Set<Region> served, boolean everyRegion) {
        for (Region region : Region.values()) {
            if (measureId.startsWith(region.providerCode() + "/")) {
                return served.contains(region);
            }
        }
        return everyRegion;
    }

    void write(Path path) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("period", period);
        root.put("seed", seed);
        root.put("hubs", hubs);
        List<Map<String, Object>> list = new ArrayList<>();
        for (Entry entry : measures) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", entry.id());
            m.put("numerator", entry.numerator());
            m.put("denominator", entry.denominator());
            m.put("lost", entry.lost());
            m.put("failed", entry.failed());
            m.put("late_ends", entry.lateEnds());
            if (entry.level() != null) {
                m.put("level", entry.level().toPlainString());
            }
            if (entry.historicalLevel() != null) {
                m.put("historicalLevel", entry.historicalLevel().toPlainString());
            }
            list.add(m);
        }
        root.put("measures", list);
        try {
            new ObjectMapper()
                    .enable(SerializationFeature.INDENT_OUTPUT)
                    .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET)
                    .writer(new DefaultPrettyPrinter())
                    .writeValue(path.toFile(), root);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + path, e);
        }
    }

    /** Reads a file {@link #write} wrote (levels as exact decimals). */
    static GroundTruthFile read(Path path) {
        try {
            JsonNode root = new ObjectMapper().readTree(path.toFile());
            List<Entry> entries = new ArrayList<>();
            for (JsonNode m : root.get("measures")) {
                entries.add(new Entry(m.get("id").asText(), m.get("numerator").asLong(), m.get("denominator").asLong(),
                        m.get("lost").asLong(), m.get("failed").asLong(), m.get("late_ends").asLong(),
                        decimal(m.get("level")), decimal(m.get("historicalLevel"))));
            }
            return new GroundTruthFile(root.get("period").asText(), root.get("seed").asLong(), root.get("hubs").asInt(),
                    entries);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
        }
    }

    private static BigDecimal decimal(JsonNode node) {
        return node == null || node.isNull() ? null : new BigDecimal(node.asText());
    }
}
