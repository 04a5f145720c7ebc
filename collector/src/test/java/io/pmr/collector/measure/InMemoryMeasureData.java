package io.pmr.collector.measure;

import io.pmr.collector.data.AgentDownWindow;
import io.pmr.collector.data.DeviceRecord;
import io.pmr.collector.data.MeasureData;
import io.pmr.collector.imports.AvailabilityWindow;
import io.pmr.collector.imports.Commentary;
import io.pmr.collector.imports.Exclusion;
import io.pmr.collector.imports.ImportSource;
import io.pmr.collector.imports.ImportedData;
import io.pmr.collector.imports.Incident;
import io.pmr.collector.imports.PowerOutageEvent;
import io.pmr.collector.imports.SuppliedFigure;
import io.pmr.collector.data.MeasureCounts;
import io.pmr.collector.data.PeriodData;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** An in-memory {@link MeasureData} for engine tests: intervals, declarations, watermarks, records and imports. */
final class InMemoryMeasureData implements MeasureData {
    private record Interval(String measureId, String scope, long startEpochMillis, MeasureCounts counts) {
    }

    private record AgentExclusion(String measureId, long startEpochMillis, String reason, long count) {
    }

    private final List<Interval> intervals = new ArrayList<>();
    private final List<AgentExclusion> agentExclusions = new ArrayList<>();
    private final Map<String, Set<String>> declaredBy = new HashMap<>();
    private final Map<String, Map<String, Long>> watermarks = new HashMap<>();
    private final List<DeviceRecord> records = new ArrayList<>();
    private final List<AgentDownWindow> downWindows = new ArrayList<>();
    private final List<Incident> incidents = new ArrayList<>();
    private final List<AvailabilityWindow> availability = new ArrayList<>();
    private final List<SuppliedFigure> supplied = new ArrayList<>();
    private final List<PowerOutageEvent> outages = new ArrayList<>();
    private final List<Exclusion> exclusions = new ArrayList<>();
    private final List<Commentary> commentary = new ArrayList<>();
    private final List<Incident> replacedIncidents = new ArrayList<>();
    private final List<io.pmr.collector.data.SourceDeclaration> declarations = new ArrayList<>();
    private final List<io.pmr.collector.data.SourceExpectation> expectations = new ArrayList<>();
    private int line = 1;

    /** Next provenance: file {@code name}, line numbers counting up. */
    ImportSource source(String file) {
        return new ImportSource(file, ++line, 1);
    }

    InMemoryMeasureData interval(String measureId, String scope, Instant start, long events, long within) {
        intervals.add(new Interval(measureId, scope, start.toEpochMilli(), new MeasureCounts(events, within,
                events - within, 0)));
        return this;
    }

    InMemoryMeasureData agentExclusion(String measureId, Instant start, String reason, long count) {
        agentExclusions.add(new AgentExclusion(measureId, start.toEpochMilli(), reason, count));
        return this;
    }

    /** The agent declares the measure and has reported everything before {@code watermark}. */
    InMemoryMeasureData declared(String agent, String measureId, Instant watermark) {
        declaredBy.computeIfAbsent(measureId, k -> new HashSet<>()).add(agent);
        if (watermark != null) {
            watermarks.computeIfAbsent(measureId, k -> new HashMap<>()).put(agent, watermark.toEpochMilli());
        }
        return this;
    }

    /**
     * The agent declares the measures at {@code declaredAt} (its birth) and has reported each of them up to
     * {@code watermark} (null: nothing yet). Unlike {@link #declared}, the declaration has a time: before it the agent
     * covers nothing.
     */
    InMemoryMeasureData born(String agent, Instant declaredAt, Instant watermark, String... measureIds) {
        declarations.add(new io.pmr.collector.data.SourceDeclaration(agent, declaredAt.toEpochMilli(), 0,
                declarations.size(), Set.of(measureIds)));
        for (String measureId : measureIds) {
            if (watermark != null) {
                watermarks.computeIfAbsent(measureId, k -> new HashMap<>()).put(agent, watermark.toEpochMilli());
            }
        }
        return this;
    }

    /** An operator's {@code pmr collector agents expect|retire} entry ({@code measureId} "*": every measure). */
    InMemoryMeasureData operator(String agent, String measureId, io.pmr.collector.data.SourceExpectation.Action action) {
        expectations.add(new io.pmr.collector.data.SourceExpectation(expectations.size() + 1, agent, measureId,
                action, 0));
        return this;
    }

    @Override
    public List<io.pmr.collector.data.SourceDeclaration> sourceDeclarations() {
        List<io.pmr.collector.data.SourceDeclaration> all = new ArrayList<>(MeasureData.super.sourceDeclarations());
        all.addAll(declarations);
        return all;
    }

    @Override
    public List<io.pmr.collector.data.SourceExpectation> sourceExpectations() {
        return List.copyOf(expectations);
    }

    InMemoryMeasureData record(DeviceRecord record) {
        records.add(record);
        return this;
    }

    InMemoryMeasureData downWindow(String agent, String measureId, Instant start, Instant end) {
        downWindows.add(new AgentDownWindow(measureId, agent, start.toEpochMilli(), end.toEpochMilli()));
        return this;
    }

    InMemoryMeasureData incident(Incident incident) {
        incidents.add(incident);
        return this;
    }

    /** An earlier version of an incident, as a later import replaced it. */
    InMemoryMeasureData replacedIncident(Incident incident) {
        replacedIncidents.add(incident);
        return this;
    }

    InMemoryMeasureData commentary(String measureId, String period, String status, String reason,
            String mitigation) {
        commentary.add(new Commentary(measureId, period, status, reason, mitigation, source("commentary.csv")));
        return this;
    }

    InMemoryMeasureData window(String measureId, AvailabilityWindow.Kind kind, Instant start, Instant end) {
        availability.add(new AvailabilityWindow(measureId, kind, start, end, source("availability.csv")));
        return this;
    }

    InMemoryMeasureData supplied(String measureId, String period, long numerator, Long denominator) {
        supplied.add(new SuppliedFigure(measureId, period, numerator, denominator, source("ratios.csv")));
        return this;
    }

    InMemoryMeasureData outage(String measureId, String eventId, Instant start, long hubs, long within) {
        outages.add(new PowerOutageEvent(measureId, eventId, start, hubs, within, source("power-outages.csv")));
        return this;
    }

    InMemoryMeasureData exclusion(String measureId, String scope, String device, Instant from, Instant to,
            String reason) {
        exclusions.add(new Exclusion(measureId, scope, device, from, to, reason, source("exclusions.csv")));
        return this;
    }

    @Override
    public PeriodData periodData(long fromEpochMillis, long toEpochMillis) {
        Map<String, MeasureCounts> counts = new HashMap<>();
        for (Interval interval : intervals) {
            if (interval.startEpochMillis() >= fromEpochMillis && interval.startEpochMillis() < toEpochMillis) {
                counts.merge(interval.measureId(), interval.counts(), MeasureCounts::plus);
            }
        }
        Map<String, Map<String, Long>> excluded = new HashMap<>();
        for (AgentExclusion exclusion : agentExclusions) {
            if (exclusion.startEpochMillis() >= fromEpochMillis && exclusion.startEpochMillis() < toEpochMillis) {
                excluded.computeIfAbsent(exclusion.measureId(), k -> new HashMap<>())
                        .merge(exclusion.reason(), exclusion.count(), Long::sum);
            }
        }
        return new PeriodData(counts, excluded, declaredBy, watermarks);
    }

    @Override
    public MeasureCounts intervalCounts(String measureId, String scope, long fromEpochMillis, long toEpochMillis) {
        MeasureCounts sum = MeasureCounts.ZERO;
        for (Interval interval : intervals) {
            if (interval.measureId().equals(measureId) && (scope == null || "*".equals(scope)
                    || scope.equals(interval.scope())) && interval.startEpochMillis() >= fromEpochMillis
                    && interval.startEpochMillis() < toEpochMillis) {
                sum = sum.plus(interval.counts());
            }
        }
        return sum;
    }

    @Override
    public List<DeviceRecord> deviceRecords(String measureId, long fromEpochMillis, long toEpochMillis) {
        return records.stream().filter(r -> r.measureId().equals(measureId)
                && r.startEpochMillis() >= fromEpochMillis && r.startEpochMillis() < toEpochMillis).toList();
    }

    @Override
    public List<AgentDownWindow> downWindows(String measureId, long fromEpochMillis, long toEpochMillis) {
        return downWindows.stream().filter(w -> w.measureId().equals(measureId)
                && w.startEpochMillis() < toEpochMillis && w.endEpochMillis() > fromEpochMillis).toList();
    }

    @Override
    public ImportedData imported() {
        return new ImportedData(incidents, availability, supplied, outages, exclusions, commentary,
                replacedIncidents);
    }
}
