package io.pmr.collector.measure;

import io.pmr.collector.data.DeviceRecord;
import io.pmr.collector.catalogue.MeasureDefinition;
import io.pmr.collector.imports.Exclusion;
import io.pmr.collector.imports.PowerOutageEvent;
import io.pmr.collector.data.MeasureCounts;
import io.pmr.collector.data.PeriodData;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * {@code within_trt} measures. Counted from per-device records when the measure has any touching the period, else
 * from agents' interval sums (which count attempts or alerts, not hubs: records decide); with no agent data at all,
 * a supplied figure for the period stands in. Firmware payload records ({@code CSPx/PM2}, with a payload id) count
 * hubs: a payload belongs to the period of its first attempt and is delivered when any attempt was within TRT; a hub
 * counts once a period, within TRT when any of its payloads there was. SMWAN connectivity
 * records count one hub each, in the period of its install (the record's start). A PM12.1 measure also counts the
 * alerts of the outages of 50 hubs or fewer that agents report under its sibling PM12.2 ({@link OutageRecords}),
 * finality then following the PM12.2 agents' watermarks. Imported power outage events naming the measure (PM12.1)
 * add their hubs to the denominator and their alerts within TRT to the numerator. Exclusions: agent-side exclusions arrive already counted per reason (their events are in neither
 * figure); imported window and device exclusions are subtracted, and the figure keeps the counts before them.
 */
final class WithinTrtFigures {
    static final String AGENT_EXCLUDED = "excluded by agent";

    private WithinTrtFigures() {
    }

    static FigureDraft compute(MeasureDefinition measure, MeasurePeriod period, Inputs inputs) {
        FigureDraft draft = new FigureDraft(measure, period);
        PeriodData data = inputs.periodData(period);
        String id = measure.id();
        Exclusions exclusions = Exclusions.of(id, inputs.imported);
        List<DeviceRecord> records = inputs.deviceRecordGroups(id, period);
        Map<String, Long> agentExcluded = data.exclusions().get(id);
        boolean agentData = !inputs.sources().expected(id, period).isEmpty() || data.counts().containsKey(id)
                || agentExcluded != null || !records.isEmpty();
        String outageSource = OutageRecords.largeOutageMeasure(inputs.catalogue, id).orElse(null);
        List<OutageRecords.Outage> smallOutages = new ArrayList<>();
        Set<String> measuredOutages = Set.of();
        boolean routedData = false;
        if (outageSource != null) {
            OutageRecords.Attributed attributed = OutageRecords.attribute(inputs, outageSource, period);
            measuredOutages = attributed.outageIds();
            attributed.outages().stream().filter(OutageRecords.Outage::small).forEach(smallOutages::add);
            routedData = attributed.anyRecords() || !inputs.sources().expected(outageSource, period).isEmpty();
        }
        long numeratorBefore = 0;
        long denominatorBefore = 0;
        if (agentData || routedData) {
            draft.agentsSource = true;
            if (agentData) {
                Completeness.apply(draft, inputs);
            }
            if (routedData) {
                Completeness.apply(draft, inputs, outageSource);
            }
        }
        if (agentData) {
            if (agentExcluded != null) {
                agentExcluded.forEach(draft::exclude);
            }
            if (!records.isEmpty()) {
                long[] before = fromRecords(draft, period, records, exclusions);
                numeratorBefore = before[0];
                denominatorBefore = before[1];
            } else {
                MeasureCounts counts = data.counts().getOrDefault(id, MeasureCounts.ZERO);
                Exclusions.Removed removed = exclusions.intervals(inputs.data, id, period);
                MeasureCounts counted = Exclusions.minus(counts, removed.counts());
                removed.byReason().forEach(draft::exclude);
                draft.files.addAll(removed.files());
                if (outageSource == null) {
                    // not for PM12.1: its device exclusions apply to the outage records routed to it
                    notApplied(draft, id, exclusions.devices());
                }
                numeratorBefore = counts.withinTrt();
                denominatorBefore = counts.events();
                draft.numerator = counted.withinTrt();
                draft.denominator = counted.events();
            }
        } else if (!routedData) {
            SuppliedFigures.Supplied supplied = SuppliedFigures.standIn(draft, inputs, id, period);
            if (supplied != null) {
                numeratorBefore = supplied.numerator();
                denominatorBefore = supplied.denominator();
            }
        }
        if (!smallOutages.isEmpty()) {
            long[] before = fromSmallOutages(draft, smallOutages, exclusions);
            numeratorBefore = Math.addExact(numeratorBefore, before[0]);
            denominatorBefore = Math.addExact(denominatorBefore, before[1]);
            draft.notes.add(smallOutages.size() + " outage events of 50 hubs or fewer counted from " + outageSource
                    + " records");
        }
        for (PowerOutageEvent event : inputs.imported.powerOutages()) {
            if (event.measureId().equals(id) && period.contains(event.startedAt().toEpochMilli())
                    && !OutageRecords.measuredByAgents(draft, event, measuredOutages)) {
                draft.suppliedSource = true;
                draft.files.add(event.source().text());
                draft.numerator = Math.addExact(draft.numerator, event.alertsWithinTrt());
                draft.denominator = Math.addExact(draft.denominator, event.hubs());
                numeratorBefore = Math.addExact(numeratorBefore, event.alertsWithinTrt());
                denominatorBefore = Math.addExact(denominatorBefore, event.hubs());
                if (event.hubs() > OutageRecords.SMALL_OUTAGE_HUBS) {
                    draft.notes.add("outage event " + event.eventId() + " has " + event.hubs()
                            + " hubs (more than 50) but names this measure; counted here as imported");
                }
            }
        }
        draft.before(numeratorBefore, denominatorBefore, Levels.level(numeratorBefore, denominatorBefore));
        return draft;
    }

    /**
     * Counts the records into the draft; returns {within, events} before imported exclusions. A record with a
     * payload id is one attempt of a firmware payload: a payload belongs to the period of its first attempt's start,
     * delivered when any attempt was within TRT, and its hub counts once a period (see {@link HubPayloads});
     * imported exclusions are judged per payload on its first counted attempt.
     * Every other record is one event, in the period of its start.
     */
    private static long[] fromRecords(FigureDraft draft, MeasurePeriod period, List<DeviceRecord> records,
            Exclusions exclusions) {
        RecordTally tally = new RecordTally(draft, exclusions, AGENT_EXCLUDED);
        Map<String, List<DeviceRecord>> payloads = new TreeMap<>();
        for (DeviceRecord record : records) {
            if (!record.payloadId().isEmpty()) {
                payloads.computeIfAbsent(record.payloadId(), k -> new ArrayList<>()).add(record);
            } else if (period.contains(record.startEpochMillis())) {
                tally.record(record);
            }
        }
        // The domain brief counts PM2 per Communications Hub: a hub once a period, delivered when any of its payloads
        // of the period was. Imported exclusions are judged per payload (on its first counted attempt): the hub leaves
        // the figure only when every payload of it does, and is judged on its earliest payload that stays.
        Map<String, HubPayloads> hubs = new TreeMap<>();
        for (List<DeviceRecord> attempts : payloads.values()) {
            attempts.sort(FIRST_ATTEMPT);
            if (!period.contains(attempts.get(0).startEpochMillis())) {
                continue;
            }
            DeviceRecord firstCounted = null;
            boolean payloadWithin = false;
            for (DeviceRecord attempt : attempts) {
                draft.agents.add(attempt.agentId());
                if (!attempt.excludedByAgent()) {
                    firstCounted = firstCounted == null ? attempt : firstCounted;
                    payloadWithin |= attempt.withinTrt();
                }
            }
            HubPayloads hub = hubs.computeIfAbsent(attempts.get(0).deviceId(), k -> new HubPayloads());
            if (firstCounted != null) {
                hub.add(firstCounted, payloadWithin, exclusions.forRecord(firstCounted) == null);
            }
        }
        for (HubPayloads hub : hubs.values()) {
            if (hub.judged == null) {
                tally.agentExcluded();
            } else {
                tally.counted(hub.judged, hub.withinBefore, hub.withinKept);
            }
        }
        return new long[] {tally.withinBefore(), tally.countedBefore()};
    }

    /**
     * Interval sums name no device, so a device exclusion cannot remove anything from them: the figure says which it
     * could not apply rather than let them vanish (docs/imports.md, exclusions).
     */
    private static void notApplied(FigureDraft draft, String id, List<Exclusion> devices) {
        if (!devices.isEmpty()) {
            draft.notes.add(devices.size() + " device exclusion(s) not applied (" + String.join(", ",
                    devices.stream().map(e -> e.source().text()).toList()) + "): " + id + " is counted from the"
                    + " agents' interval sums, which name no device; only time-window exclusions apply to it");
        }
    }

    /** Counts the small outages' alerts into the draft; returns {within, alerts} before imported exclusions. */
    private static long[] fromSmallOutages(FigureDraft draft, List<OutageRecords.Outage> outages,
            Exclusions exclusions) {
        RecordTally tally = new RecordTally(draft, exclusions, AGENT_EXCLUDED);
        for (OutageRecords.Outage outage : outages) {
            outage.records().forEach(tally::record);
        }
        return new long[] {tally.withinBefore(), tally.countedBefore()};
    }

    /** One hub's payloads of a period: the attempt it is judged on, and whether any payload was within TRT. */
    private static final class HubPayloads {
        DeviceRecord judged;
        boolean judgedKept;
        boolean withinBefore;
        boolean withinKept;

        /** A payload whose first counted attempt is {@code first}; {@code kept} when no imported exclusion removes it. */
        void add(DeviceRecord first, boolean within, boolean kept) {
            withinBefore |= within;
            withinKept |= kept && within;
            boolean better = judged == null || (kept && !judgedKept)
                    || (kept == judgedKept && FIRST_ATTEMPT.compare(first, judged) < 0);
            if (better) {
                judged = first;
                judgedKept = kept;
            }
        }
    }

    /** A payload's attempts, first attempt first (start, then device and message id for a stable order). */
    private static final Comparator<DeviceRecord> FIRST_ATTEMPT = Comparator.comparingLong(
            DeviceRecord::startEpochMillis).thenComparing(DeviceRecord::deviceId).thenComparing(DeviceRecord::messageId);
}
