package io.pmr.hardware.sim;

import io.pmr.hardware.EventKind;
import io.pmr.hardware.HubVariant;
import io.pmr.hardware.Region;
import io.pmr.model.TrtRule;
import io.pmr.model.UkCalendar;

import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.time.zone.ZoneOffsetTransition;

/**
 * Generates one region's SMKI request/response timings (the whole simulation): for each {@link EventKind#smki() SMKI
 * kind} ({@code TSP/PM1.1}, {@code PM1.4}, {@code PM1.7}, {@code PM1.8}, {@code DSP/PM13}), Poisson starts seen by this
 * region's port at every hour of the day (so an hours condition has requests outside it to leave out), latencies from
 * a {@link LatencyModel} scaled to the time each request is allowed by its {@link RigScenario#rule rule} (deadline -
 * start: for a wall-clock deadline it differs per request), and the edge cases:
 * <ul>
 *   <li>starts at the month's edges (1 ms before, at the period start and end);</li>
 *   <li>ends 1 ms before, exactly at and 1 ms after each request's deadline, for requests that count;</li>
 *   <li>for an hours condition, starts 1 ms before, at, 1 ms before the end of and at the end of the hours on
 *       every day of the period (a request at 18:00:00.000 is outside {@code 07:00-18:00});</li>
 *   <li>for a wall-clock deadline, requests on the UK day before each clock change in the period, ending 1 ms before,
 *       at and 1 ms after their deadline (an hour less or more allowed than on other days).</li>
 * </ul>
 * SMKI events are not hub-bound: they are recorded under scope {@link HubVariant#SKU1}. Each kind draws from its own
 * seeded streams, so adding kinds never changes another kind's events.
 */
final class SmkiEventGenerator {
    private static final long LABEL_SMKI = 40;
    private static final long LABEL_SMKI_EDGES = 41;
    private static final long MICRO = 1_000L;
    private static final long ONE_MS = 1_000_000L;
    /** Mean gap between starts of one kind on one region's port. */
    static final long MEAN_GAP_MICROS = 30L * 60 * 1_000_000;
    private static final int DEADLINE_EDGE_REPEATS = 2;
    /** Attempts at drawing a start that counts under an hours condition before giving up on that edge case. */
    private static final int DRAWS = 1_000;
    private static final LatencyModel MODEL = LatencyModel.of(0.012, 0.003);

    private final RigScenario scenario;
    private final RigWindow window;

    SmkiEventGenerator(RigScenario scenario, RigWindow window) {
        this.scenario = scenario;
        this.window = window;
    }

    void generate(Region region, RegionEvents.Builder events) {
        for (EventKind kind : EventKind.every()) {
            if (!kind.smki() || !kind.measuredIn(region)) {
                continue;
            }
            TrtRule rule = scenario.rule(kind);
            SplitMix64 random = new SplitMix64(SplitMix64.derive(scenario.seed(), LABEL_SMKI, region.ordinal(), kind.ordinal()));
            long spanMicros = (window.generationEndEpochNanos() - window.simulationStartEpochNanos()) / MICRO;
            double offsetMicros = random.nextExponential(MEAN_GAP_MICROS);
            while (offsetMicros < spanMicros) {
                long start = window.simulationStartEpochNanos() + (long) offsetMicros * MICRO;
                EventGenerator.addSampled(events, random, MODEL, kind, HubVariant.SKU1, start, rule.trtNanos(start));
                offsetMicros += random.nextExponential(MEAN_GAP_MICROS);
            }
            SplitMix64 edges = new SplitMix64(SplitMix64.derive(scenario.seed(), LABEL_SMKI_EDGES, region.ordinal(), kind.ordinal()));
            addEdges(events, kind, rule, edges);
        }
    }

    private void addEdges(RegionEvents.Builder events, EventKind kind, TrtRule rule, SplitMix64 edges) {
        long periodStart = window.periodStartEpochNanos();
        long periodEnd = window.periodEndEpochNanos();
        for (long start : new long[] {periodStart - ONE_MS, periodStart, periodEnd - ONE_MS, periodEnd}) {
            EventGenerator.addSampled(events, edges, MODEL, kind, HubVariant.SKU1, start, rule.trtNanos(start));
        }
        long periodMicros = (periodEnd - periodStart) / MICRO;
        for (int i = 0; i < DEADLINE_EDGE_REPEATS; i++) {
            long start = countingStart(rule, edges, periodStart, periodMicros);
            addAroundDeadline(events, kind, rule, start);
        }
        if (rule.hours() != null) {
            for (LocalDate day = UkCalendar.dayOf(periodStart / ONE_MS); UkCalendar.dayStartEpochMillis(day) * ONE_MS
                    < periodEnd; day = day.plusDays(1)) {
                for (LocalTime edge : new LocalTime[] {rule.hours().fromLocal(), rule.hours().toLocal()}) {
                    long at = ZonedDateTime.of(day, edge, UkCalendar.LONDON).toEpochSecond() * 1_000_000_000L;
                    for (long start : new long[] {at - ONE_MS, at}) {
                        EventGenerator.addSampled(events, edges, MODEL, kind, HubVariant.SKU1, start,
                                rule.trtNanos(start));
                    }
                }
            }
        }
        if (rule.byLocalTime() != null) {
            ZoneOffsetTransition change = UkCalendar.LONDON.getRules().nextTransition(
                    java.time.Instant.ofEpochSecond(periodStart / 1_000_000_000L));
            while (change != null && change.getInstant().getEpochSecond() * 1_000_000_000L < periodEnd) {
                LocalDate dayBefore = change.getDateTimeBefore().toLocalDate().minusDays(1);
                LocalTime from = rule.hours() == null ? LocalTime.NOON : rule.hours().fromLocal();
                long start = ZonedDateTime.of(dayBefore, from, UkCalendar.LONDON).toEpochSecond() * 1_000_000_000L
                        + 3 * 3_600_000_000_000L;
                if (start >= periodStart && rule.counts(start)) {
                    addAroundDeadline(events, kind, rule, start);
                }
                change = UkCalendar.LONDON.getRules().nextTransition(change.getInstant());
            }
        }
    }

    /** Three requests started at {@code start}, successful, ending 1 ms before, exactly at and 1 ms after the deadline. */
    private static void addAroundDeadline(RegionEvents.Builder events, EventKind kind, TrtRule rule, long start) {
        long deadline = rule.deadlineEpochNanos(start);
        for (long offset = -ONE_MS; offset <= ONE_MS; offset += ONE_MS) {
            events.addEnded(kind, HubVariant.SKU1, start, deadline + offset, true);
        }
    }

    /** A whole-microsecond start in the period that counts under the rule (the last draw when none did). */
    private static long countingStart(TrtRule rule, SplitMix64 random, long periodStart, long periodMicros) {
        long start = periodStart;
        for (int i = 0; i < DRAWS; i++) {
            start = periodStart + random.nextLong(periodMicros) * MICRO;
            if (rule.counts(start)) {
                return start;
            }
        }
        return start;
    }
}
