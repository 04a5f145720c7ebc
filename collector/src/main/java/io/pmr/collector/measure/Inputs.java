package io.pmr.collector.measure;

import io.pmr.collector.data.DeviceRecord;
import io.pmr.collector.data.MeasureData;
import io.pmr.collector.catalogue.Catalogue;
import io.pmr.collector.catalogue.IncidentClock;
import io.pmr.collector.imports.ImportedData;
import io.pmr.collector.data.PeriodData;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * What one report computation reads, fetched once: the data snapshot, the imported data, the evaluation time and the
 * incident target resolution times. Confined to one computation (not thread-safe).
 */
final class Inputs {
    final MeasureData data;
    final ImportedData imported;
    final long nowEpochMillis;
    final IntFunction<Duration> incidentTargetResolution;
    /** The clock each incident category's target applies to: the catalogue's, impact without one. */
    final IntFunction<IncidentClock> incidentClock;
    /** The catalogue being computed (sibling measures: PM12.1 and PM12.2); null in fixtures without one. */
    final Catalogue catalogue;
    private final Map<List<Long>, PeriodData> periodData = new HashMap<>();
    private final Map<List<Object>, List<DeviceRecord>> recordGroups = new HashMap<>();
    private ExpectedSources sources;

    Inputs(MeasureData data, long nowEpochMillis, IntFunction<Duration> incidentTargetResolution,
            Catalogue catalogue) {
        this.catalogue = catalogue;
        this.data = data;
        this.imported = data.imported() == null ? ImportedData.EMPTY : data.imported();
        this.nowEpochMillis = nowEpochMillis;
        this.incidentTargetResolution = incidentTargetResolution;
        this.incidentClock = catalogue == null ? category -> IncidentClock.IMPACT : catalogue::incidentClock;
    }

    PeriodData periodData(MeasurePeriod period) {
        return periodData.computeIfAbsent(List.of(period.startEpochMillis(), period.endEpochMillis()),
                range -> data.periodData(range.get(0), range.get(1)));
    }

    /** {@link MeasureData#deviceRecordGroups} of a measure and period, read once (PM12.1 and PM12.2 share them). */
    List<DeviceRecord> deviceRecordGroups(String measureId, MeasurePeriod period) {
        return recordGroups.computeIfAbsent(List.of(measureId, period.startEpochMillis(), period.endEpochMillis()),
                key -> data.deviceRecordGroups(measureId, period.startEpochMillis(), period.endEpochMillis()));
    }

    /** The expected sources of every measure (declarations and the operators' log), read once. */
    ExpectedSources sources() {
        if (sources == null) {
            sources = new ExpectedSources(data.sourceDeclarations(), data.sourceExpectations());
        }
        return sources;
    }

    /** True once the period is over at the evaluation time. */
    boolean ended(MeasurePeriod period) {
        return nowEpochMillis >= period.endEpochMillis();
    }
}
