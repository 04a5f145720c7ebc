package io.pmr.collector.measure;

import io.pmr.collector.data.DeviceRecord;
import io.pmr.collector.catalogue.Catalogue;
import io.pmr.collector.catalogue.MeasureDefinition;
import io.pmr.collector.catalogue.MeasureKind;
import io.pmr.collector.imports.PowerOutageEvent;
import io.pmr.model.MeasureIds;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Agents' power-loss alert records ({@code CSPx/PM12.2}) as power outage events. Agents send every alert under the
 * region's PM12.2 measure with the outage's id; the collector groups the records by outage id and attributes an
 * outage to the period of its first alert (its earliest record start), with every record of the outage, even
 * those starting after the period's end. An outage's size N is its records the agent did not exclude: outages of
 * {@value #SMALL_OUTAGE_HUBS} hubs or fewer count under the region's PM12.1 ({@code within_trt}), larger ones
 * under PM12.2. Imported exclusions are applied afterwards by the measure that counts the outage; they do not
 * change where it is routed.
 */
final class OutageRecords {
    /** Outages of this many hubs or fewer belong to PM12.1. */
    static final long SMALL_OUTAGE_HUBS = 50;
    private static final String SMALL_NUMBER = "/" + MeasureIds.PM12_1;
    private static final String LARGE_NUMBER = "/" + MeasureIds.PM12_2;

    private OutageRecords() {
    }

    /**
     * One outage event from records.
     *
     * @param records every record of the outage, those the agent excluded included
     */
    record Outage(String outageId, long firstAlertEpochMillis, List<DeviceRecord> records) {
        /** N: the outage's records that the agent did not exclude. */
        long hubs() {
            return records.stream().filter(r -> !r.excludedByAgent()).count();
        }

        boolean small() {
            return hubs() <= SMALL_OUTAGE_HUBS;
        }
    }

    /**
     * The records of a PM12.2 measure for a period.
     *
     * @param outages  the outages whose first alert is in the period, by outage id
     * @param unnamed  records starting in the period that name no outage (counted nowhere)
     * @param anyRecords whether the measure has records touching the period at all (then agents are its source)
     */
    record Attributed(List<Outage> outages, List<DeviceRecord> unnamed, boolean anyRecords) {
        /** The ids of the outages attributed to the period, small and large. */
        Set<String> outageIds() {
            Set<String> ids = new TreeSet<>();
            outages.forEach(outage -> ids.add(outage.outageId()));
            return ids;
        }
    }

    /**
     * Whether an imported outage event is one the agents measured (same id among the outages their records give the
     * period): then it is counted once, from the records, and the figure says so. The import is for outages no agent
     * sees; counting both would count the event twice.
     */
    static boolean measuredByAgents(FigureDraft draft, PowerOutageEvent event, Set<String> measured) {
        if (!measured.contains(event.eventId())) {
            return false;
        }
        draft.notes.add("imported outage event " + event.eventId() + " (" + event.source().text()
                + ") is also measured by agents: counted once, from their records");
        return true;
    }

    static Attributed attribute(Inputs inputs, String measureId, MeasurePeriod period) {
        List<DeviceRecord> records = inputs.deviceRecordGroups(measureId, period);
        Map<String, List<DeviceRecord>> byOutage = new TreeMap<>();
        List<DeviceRecord> unnamed = new ArrayList<>();
        for (DeviceRecord record : records) {
            if (record.outageId().isEmpty()) {
                if (period.contains(record.startEpochMillis())) {
                    unnamed.add(record);
                }
            } else {
                byOutage.computeIfAbsent(record.outageId(), id -> new ArrayList<>()).add(record);
            }
        }
        List<Outage> outages = new ArrayList<>();
        byOutage.forEach((id, alerts) -> {
            long first = alerts.stream().mapToLong(DeviceRecord::startEpochMillis).min().orElseThrow();
            if (period.contains(first)) {
                outages.add(new Outage(id, first, List.copyOf(alerts)));
            }
        });
        return new Attributed(List.copyOf(outages), List.copyOf(unnamed), !records.isEmpty());
    }

    /**
     * The PM12.1 measure that a PM12.2 measure's small outages go to: the catalogue's {@code <prefix>/PM12.1}
     * ({@code within_trt}) for {@code <prefix>/PM12.2}.
     */
    static Optional<String> smallOutageMeasure(Catalogue catalogue, String largeMeasureId) {
        return sibling(catalogue, largeMeasureId, LARGE_NUMBER, SMALL_NUMBER, MeasureKind.WITHIN_TRT);
    }

    /**
     * The PM12.2 measure whose records feed a PM12.1 measure's small outages: the catalogue's
     * {@code <prefix>/PM12.2} ({@code power_outage}) for {@code <prefix>/PM12.1}.
     */
    static Optional<String> largeOutageMeasure(Catalogue catalogue, String smallMeasureId) {
        return sibling(catalogue, smallMeasureId, SMALL_NUMBER, LARGE_NUMBER, MeasureKind.POWER_OUTAGE);
    }

    private static Optional<String> sibling(Catalogue catalogue, String id, String number, String otherNumber,
            MeasureKind otherKind) {
        if (catalogue == null || !id.endsWith(number)) {
            return Optional.empty();
        }
        String other = id.substring(0, id.length() - number.length()) + otherNumber;
        return catalogue.measure(other).filter(m -> m.kind() == otherKind).map(MeasureDefinition::id);
    }
}
