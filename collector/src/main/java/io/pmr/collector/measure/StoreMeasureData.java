package io.pmr.collector.measure;

import io.pmr.collector.imports.ImportedData;
import io.pmr.collector.store.MeasureCounts;
import io.pmr.collector.store.PeriodData;
import io.pmr.collector.store.Store;
import java.util.List;

/**
 * Adapts a {@link Store} that predates {@link MeasureData}: interval sums only (any scope), no device records, no
 * imports. A scope-specific {@link #intervalCounts} cannot be answered and is refused, but nothing reaches it
 * without imported exclusions.
 */
final class StoreMeasureData implements MeasureData {
    private final Store store;

    StoreMeasureData(Store store) {
        this.store = store;
    }

    @Override
    public List<io.pmr.collector.store.EnvelopeConflict> conflicts(int limit) {
        return store.conflicts(limit);
    }

    @Override
    public List<io.pmr.collector.store.IdentityClash> identityClashes() {
        return store.identityClashes();
    }

    @Override
    public PeriodData periodData(long fromEpochMillis, long toEpochMillis) {
        return store.periodData(fromEpochMillis, toEpochMillis);
    }

    @Override
    public MeasureCounts intervalCounts(String measureId, String scope, long fromEpochMillis, long toEpochMillis) {
        if (scope != null && !"*".equals(scope)) {
            throw new UnsupportedOperationException("this store cannot sum one scope (" + scope + ")");
        }
        return store.periodData(fromEpochMillis, toEpochMillis).counts().getOrDefault(measureId, MeasureCounts.ZERO);
    }

    @Override
    public List<DeviceRecord> deviceRecords(String measureId, long fromEpochMillis, long toEpochMillis) {
        return List.of();
    }

    @Override
    public ImportedData imported() {
        return ImportedData.EMPTY;
    }
}
