package io.pmr.collector.measure;

import io.pmr.collector.data.DeviceRecord;
import io.pmr.collector.catalogue.MeasureDefinition;
import io.pmr.collector.catalogue.MeasureMethod;
import io.pmr.collector.imports.Exclusion;
import io.pmr.collector.imports.PowerOutageEvent;
import io.pmr.collector.report.FigureDetail;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * PM12.2: power outage events of more than 50 hubs, from imports and from agents' per-hub records grouped by outage
 * id, each outage in the period of its first alert ({@link OutageRecords}; smaller outages count under PM12.1). Per event e with N_e hubs (power-loss alerts) and A_e alerts within TRT, the contract requires
 * {@code required_e = ((N_e - 50) x 0.25) + 50} alerts in time. Arithmetic is exact in quarters:
 * {@code 4 x required_e = N_e + 150}.
 * The catalogue's {@code method} chooses which reading is the level ({@code per_event}, the default, or
 * {@code as_published}); the other stays in the detail, labelled.
 * <ul>
 *   <li>per event (the contract's intent) = {@code 100 x sum_e min(A_e, required_e) / sum_e required_e}: each event
 *       capped at its requirement, pooled by requirement, so never above 100;</li>
 *   <li>historical (as published) = {@code 100 x sum(A) / (((sum(N) - 50) x 0.25) + 50)} over the month's totals,
 *       which exceeds 100 as soon as there are several events.</li>
 * </ul>
 */
final class PowerOutageFigures {
    /** Outages of this many hubs or fewer belong to PM12.1 (within_trt). */
    static final long SMALL_OUTAGE_HUBS = OutageRecords.SMALL_OUTAGE_HUBS;
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);
    private static final BigDecimal FOUR = BigDecimal.valueOf(4);

    private PowerOutageFigures() {
    }

    /**
     * One outage event: its hubs (power-loss alerts) and alerts within TRT after imported exclusions, and before them
     * (an imported event has none: both the same). Alerts its agent excluded are in neither.
     */
    private record Event(String id, long hubs, long within, long hubsBefore, long withinBefore, String source) {
        Event(String id, long hubs, long within, String source) {
            this(id, hubs, within, hubs, within, source);
        }
    }

    /** The month's events summed: both readings, from exact quarters. */
    private record Readings(long sumHubs, long sumWithin, BigDecimal perEvent, BigDecimal asPublished) {
        static Readings of(List<Event> events, boolean before) {
            long sumHubs = 0;
            long sumWithin = 0;
            BigInteger cappedQuarters = BigInteger.ZERO;
            BigInteger requiredQuarters = BigInteger.ZERO;
            for (Event event : events) {
                long hubs = before ? event.hubsBefore() : event.hubs();
                long within = before ? event.withinBefore() : event.within();
                if (hubs == 0) {
                    continue;
                }
                long requiredQ = Math.addExact(hubs, 150);
                sumHubs = Math.addExact(sumHubs, hubs);
                sumWithin = Math.addExact(sumWithin, within);
                cappedQuarters = cappedQuarters.add(BigInteger.valueOf(Math.min(Math.multiplyExact(within, 4),
                        requiredQ)));
                requiredQuarters = requiredQuarters.add(BigInteger.valueOf(requiredQ));
            }
            return new Readings(sumHubs, sumWithin, Levels.level(cappedQuarters, requiredQuarters),
                    historical(sumWithin, sumHubs));
        }

        BigDecimal level(MeasureMethod headline) {
            return headline == MeasureMethod.AS_PUBLISHED ? asPublished : perEvent;
        }
    }

    static FigureDraft compute(MeasureDefinition measure, MeasurePeriod period, Inputs inputs) {
        FigureDraft draft = new FigureDraft(measure, period);
        List<Event> events = new ArrayList<>();
        OutageRecords.Attributed attributed = OutageRecords.attribute(inputs, measure.id(), period);
        Set<String> measured = attributed.outageIds();
        for (PowerOutageEvent event : inputs.imported.powerOutages()) {
            if (!event.measureId().equals(measure.id()) || !period.contains(event.startedAt().toEpochMilli())
                    || OutageRecords.measuredByAgents(draft, event, measured)) {
                continue;
            }
            draft.suppliedSource = true;
            draft.files.add(event.source().text());
            if (event.hubs() <= SMALL_OUTAGE_HUBS) {
                draft.notes.add("outage event " + event.eventId() + " (" + event.source().text() + ") has "
                        + event.hubs() + " hubs: 50 or fewer belong to PM12.1, not counted here");
                continue;
            }
            events.add(new Event(event.eventId(), event.hubs(), event.alertsWithinTrt(), event.source().text()));
        }
        // An agent that declared the measure is its source even in a month without outages: no_events, not
        // not_reported (docs/methodology.md, Statuses); finality then follows its watermark as for any agent measure.
        if (attributed.anyRecords() || inputs.periodData(period).declaredBy().containsKey(measure.id())) {
            draft.agentsSource = true;
            Completeness.apply(draft, inputs);
            String smallMeasure = OutageRecords.smallOutageMeasure(inputs.catalogue, measure.id()).orElse(null);
            events.addAll(fromRecords(draft, attributed, smallMeasure, Exclusions.of(measure.id(), inputs.imported)));
        }
        List<FigureDetail.OutageEvent> details = new ArrayList<>();
        for (Event event : events) {
            if (event.hubs() == 0) {
                continue;
            }
            long requiredQ = Math.addExact(event.hubs(), 150);
            long withinQ = Math.multiplyExact(event.within(), 4);
            BigDecimal figure = Levels.level(Math.min(withinQ, requiredQ), requiredQ);
            details.add(new FigureDetail.OutageEvent(event.id(), event.hubs(), event.within(),
                    BigDecimal.valueOf(requiredQ).divide(FOUR, 2, RoundingMode.UNNECESSARY), figure, event.source()));
        }
        Readings counted = Readings.of(events, false);
        Readings before = Readings.of(events, true);
        MeasureMethod headline = measure.method() == null ? MeasureMethod.PER_EVENT : measure.method();
        draft.numerator = counted.sumWithin();
        draft.denominator = counted.sumHubs();
        draft.level(counted.level(headline));
        // before imported exclusions, by the same reading (the domain brief: excluding never deletes data)
        draft.before(before.sumWithin(), before.sumHubs(), before.level(headline));
        draft.detail = new FigureDetail.PowerOutage(headline.code(), counted.perEvent(), counted.asPublished(),
                details);
        return draft;
    }

    /** {@code 100 x A / (((N - 50) x 0.25) + 50) = 100 x 4A / (N + 150)}, HALF_UP to 2 decimals; null for N = 0. */
    static BigDecimal historical(long alertsWithinTrt, long hubs) {
        if (hubs == 0) {
            return null;
        }
        return BigDecimal.valueOf(alertsWithinTrt).multiply(FOUR).multiply(HUNDRED)
                .divide(BigDecimal.valueOf(hubs + 150), 2, RoundingMode.HALF_UP);
    }

    /**
     * The outages of more than 50 hubs among the attributed ones, each with its alerts after exclusions. Smaller
     * outages are left to the PM12.1 measure ({@code smallMeasure}, null when the catalogue has none: then they
     * count nowhere, and a note says so).
     */
    private static List<Event> fromRecords(FigureDraft draft, OutageRecords.Attributed attributed, String smallMeasure,
            Exclusions exclusions) {
        for (DeviceRecord record : attributed.unnamed()) {
            draft.agents.add(record.agentId());
            draft.notes.add("record " + record.deviceId() + "/" + record.messageId() + " names no outage event");
        }
        long routed = 0;
        List<Event> events = new ArrayList<>();
        for (OutageRecords.Outage outage : attributed.outages()) {
            if (outage.small()) {
                if (smallMeasure == null) {
                    draft.notes.add("outage event " + outage.outageId() + " has " + outage.hubs()
                            + " hub records: 50 or fewer belong to PM12.1, which the catalogue lacks; not counted");
                } else {
                    routed++;
                }
                continue;
            }
            long hubs = 0;
            long within = 0;
            long hubsBefore = 0;
            long withinBefore = 0;
            for (DeviceRecord record : outage.records()) {
                draft.agents.add(record.agentId());
                if (record.excludedByAgent()) {
                    draft.exclude(WithinTrtFigures.AGENT_EXCLUDED, 1);
                    continue;
                }
                hubsBefore++;
                withinBefore += record.withinTrt() ? 1 : 0;
                Exclusion exclusion = exclusions.forRecord(record);
                if (exclusion != null) {
                    draft.exclude(exclusion.reason(), 1);
                    draft.files.add(exclusion.source().text());
                    continue;
                }
                hubs++;
                within += record.withinTrt() ? 1 : 0;
            }
            if (hubsBefore > 0) {
                events.add(new Event(outage.outageId(), hubs, within, hubsBefore, withinBefore, "agents"));
            }
        }
        if (routed > 0) {
            draft.notes.add(routed + " outage events of 50 hubs or fewer counted under " + smallMeasure);
        }
        return events;
    }
}
