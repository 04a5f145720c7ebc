package io.pmr.collector.ingest;

import io.pmr.collector.catalogue.Catalogue;
import io.pmr.collector.catalogue.MeasureDefinition;
import io.pmr.collector.catalogue.MeasureKind;
import io.pmr.collector.catalogue.MeasureMethod;
import io.pmr.collector.data.EnvelopeKey;
import io.pmr.proto.v1.DownWindow;
import io.pmr.proto.v1.EventRecord;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The checks of an envelope's per-device records (of an events body, or riding with an intervals batch) and of its
 * down windows: how many one envelope may carry, each of a catalogue measure of a kind that takes them, times
 * (epoch milliseconds) in the wire bounds and in order. Each answers null when all are good, else the first problem.
 * Thread-safe (immutable).
 */
final class RecordChecks {
    /**
     * Per-device records one envelope may carry: a 5,000-hub outage and a month's firmware attempts fit many times
     * over; an agent batches every publish interval, so more is hostile (maxMessageBytes bounds it too).
     */
    static final int MAX_RECORDS = 100_000;
    /** Down windows one envelope may carry: a probe every few seconds closes at most a few thousand a publish. */
    static final int MAX_DOWN_WINDOWS = 100_000;

    private final Catalogue catalogue;
    private final FieldChecks fields;

    RecordChecks(Catalogue catalogue, FieldChecks fields) {
        this.catalogue = catalogue;
        this.fields = fields;
    }

    /**
     * At most {@link #MAX_RECORDS}; each of a catalogue measure of a kind counted from records, with a device id, a
     * message id, a known outcome and no end before its start.
     */
    Verdict.Invalid checkRecords(List<EventRecord> records, EnvelopeKey key) {
        if (records.size() > MAX_RECORDS) {
            return Verdict.invalid(RejectReason.TOO_MANY_RECORDS, records.size() + " records exceed " + MAX_RECORDS
                    + " per envelope", key);
        }
        for (int i = 0; i < records.size(); i++) {
            Verdict.Invalid problem = checkRecord(i, records.get(i), key);
            if (problem != null) {
                return problem;
            }
        }
        return null;
    }

    private Verdict.Invalid checkRecord(int index, EventRecord record, EnvelopeKey key) {
        Optional<MeasureDefinition> measure = catalogue.measure(record.getMeasureId());
        if (measure.isEmpty()) {
            return Verdict.invalid(RejectReason.UNKNOWN_MEASURE, "records[" + index + "]: measure '"
                    + Topics.printable(record.getMeasureId()) + "' is not in the catalogue", key);
        }
        Place where = new Place("records", index, record.getMeasureId(), false, Place.NO_TIME, null);
        MeasureKind kind = measure.get().kind();
        // an availability measure counted in hub-days (the SMWAN connectivity level) takes one record per hub-day
        boolean hubDays = kind == MeasureKind.AVAILABILITY && measure.get().method() == MeasureMethod.HUBS;
        if (kind != MeasureKind.WITHIN_TRT && kind != MeasureKind.POWER_OUTAGE && !hubDays) {
            return Verdict.invalid(RejectReason.BAD_RECORD, where + ": measure_id is of kind "
                    + kind.name().toLowerCase(Locale.ROOT) + ", which takes no per-device records", key);
        }
        if (record.getDeviceId().isEmpty()) {
            return Verdict.invalid(RejectReason.BAD_RECORD, where + ": device_id is empty", key);
        }
        if (record.getMessageId().isEmpty()) {
            return Verdict.invalid(RejectReason.BAD_RECORD, where + ": message_id is empty", key);
        }
        switch (record.getOutcome()) {
            case WITHIN_TRT, OUTSIDE_TRT, TIMED_OUT, FAILED, EXCLUDED -> {
            }
            default -> {
                return Verdict.invalid(RejectReason.BAD_RECORD, where + ": outcome " + record.getOutcomeValue()
                        + " is not WITHIN_TRT, OUTSIDE_TRT, TIMED_OUT, FAILED or EXCLUDED", key);
            }
        }
        Verdict.Invalid badStart = fields.checkTime(where.field("start_epoch_millis"), record.getStartEpochMillis(),
                key);
        if (badStart != null) {
            return badStart;
        }
        if (record.getEndEpochMillis() != 0) {
            Verdict.Invalid badEnd = fields.checkTime(where.field("end_epoch_millis"), record.getEndEpochMillis(),
                    key);
            if (badEnd != null) {
                return badEnd;
            }
        }
        if (record.getEndEpochMillis() != 0 && record.getEndEpochMillis() < record.getStartEpochMillis()) {
            return Verdict.invalid(RejectReason.BAD_RECORD, where + ": end_epoch_millis "
                    + record.getEndEpochMillis() + " is before start_epoch_millis " + record.getStartEpochMillis(),
                    key);
        }
        return null;
    }

    /** At most {@link #MAX_DOWN_WINDOWS}; each of a catalogue availability measure, end after start. */
    Verdict.Invalid checkDownWindows(List<DownWindow> windows, EnvelopeKey key) {
        if (windows.size() > MAX_DOWN_WINDOWS) {
            return Verdict.invalid(RejectReason.BAD_DOWN_WINDOW, windows.size() + " down windows exceed "
                    + MAX_DOWN_WINDOWS + " per envelope", key);
        }
        for (int i = 0; i < windows.size(); i++) {
            DownWindow window = windows.get(i);
            Optional<MeasureDefinition> measure = catalogue.measure(window.getMeasureId());
            if (measure.isEmpty()) {
                return Verdict.invalid(RejectReason.UNKNOWN_MEASURE, "down_windows[" + i + "]: measure '"
                        + Topics.printable(window.getMeasureId()) + "' is not in the catalogue", key);
            }
            Place where = new Place("down_windows", i, window.getMeasureId(), false, Place.NO_TIME, null);
            if (measure.get().kind() != MeasureKind.AVAILABILITY) {
                return Verdict.invalid(RejectReason.BAD_DOWN_WINDOW, where + ": measure_id is of kind "
                        + measure.get().kind().name().toLowerCase(Locale.ROOT) + ", which takes no down windows", key);
            }
            Verdict.Invalid badTime = fields.checkTime(where.field("start_epoch_millis"), window.getStartEpochMillis(),
                    key);
            if (badTime == null) {
                badTime = fields.checkTime(where.field("end_epoch_millis"), window.getEndEpochMillis(), key);
            }
            if (badTime != null) {
                return badTime;
            }
            if (window.getEndEpochMillis() <= window.getStartEpochMillis()) {
                return Verdict.invalid(RejectReason.BAD_DOWN_WINDOW, where + ": end_epoch_millis "
                        + window.getEndEpochMillis() + " is not after start_epoch_millis "
                        + window.getStartEpochMillis(), key);
            }
        }
        return null;
    }
}
