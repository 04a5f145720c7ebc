package io.pmr.agent.correlate;

import io.pmr.agent.record.DeviceRecords;
import io.pmr.agent.record.DownWindows;
import io.pmr.hardware.EventKind;

/**
 * What an event of a kind with verdicts ({@code IntervalCell.verdicts()}) leaves beside its counts when it becomes final,
 * ended or timed out: a {@linkplain EventKind#perDevice() per-device} event's record in {@link DeviceRecords}, an
 * {@linkplain EventKind#availabilityProbe() availability probe}'s verdict in {@link DownWindows} (up = within TRT).
 *
 * <p>Threading: the record path's thread only.
 */
final class FinalVerdicts {
    private final DeviceRecords records;
    private final DownWindows downWindows;

    FinalVerdicts(DeviceRecords records, DownWindows downWindows) {
        this.records = records;
        this.downWindows = downWindows;
    }

    /** An ended event's record and verdict. */
    void ended(EventKind kind, long deviceId, long groupId, long messageId, long startEpochNanos, long endEpochNanos,
               boolean success, boolean within) {
        if (kind.perDevice()) {
            records.add(kind, deviceId, groupId, messageId, startEpochNanos, endEpochNanos,
                    excluded(kind, groupId) ? DeviceRecords.EXCLUDED : within ? DeviceRecords.WITHIN_TRT
                            : success ? DeviceRecords.OUTSIDE_TRT : DeviceRecords.FAILED);
        }
        if (kind.availabilityProbe()) {
            downWindows.verdict(kind, messageId, within);
        }
    }

    /** A timed-out event's record and verdict. */
    void timedOut(EventKind kind, long deviceId, long groupId, long messageId, long startEpochNanos) {
        if (kind.perDevice()) {
            records.add(kind, deviceId, groupId, messageId, startEpochNanos, 0,
                    excluded(kind, groupId) ? DeviceRecords.EXCLUDED : DeviceRecords.TIMED_OUT);
        }
        if (kind.availabilityProbe()) {
            downWindows.verdict(kind, messageId, false);
        }
    }

    /**
     * Whether a per-device event is excluded at the source: a daily SMWAN connectivity check whose start carries a
     * group marks the hub on the exclusion list that UK day (pmr's rule, {@code io.pmr.model.SmwanLevelRule}).
     */
    static boolean excluded(EventKind kind, long groupId) {
        return kind.smwanLevel() && groupId != 0;
    }
}
