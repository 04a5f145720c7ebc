package io.pmr.collector.measure;

import io.pmr.collector.imports.ImportedData;
import io.pmr.collector.store.MeasureCounts;
import io.pmr.collector.store.PeriodData;
import java.util.List;

/**
 * What the measure engine reads: agents' interval sums, per-device records, and imported data. Implemented by the
 * store (one consistent snapshot per call) and by in-memory fixtures in tests. Times are UTC epoch millis, ranges
 * start inclusive, end exclusive; an interval or record belongs to a range when its start lies in it.
 */
public interface MeasureData {

    /** Interval sums of every measure in the range, declared sources and watermarks (as today). */
    PeriodData periodData(long fromEpochMillis, long toEpochMillis);

    /** Interval sums of one measure and scope over the range ({@code scope} null or {@code *}: every scope). */
    MeasureCounts intervalCounts(String measureId, String scope, long fromEpochMillis, long toEpochMillis);

    /** Per-device records of one measure starting in the range, one per (measure, device, message id). */
    List<DeviceRecord> deviceRecords(String measureId, long fromEpochMillis, long toEpochMillis);

    /** Everything imported (latest version of each natural key). */
    ImportedData imported();
}
