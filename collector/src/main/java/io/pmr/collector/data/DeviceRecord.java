package io.pmr.collector.data;

import java.util.Objects;

/**
 * One per-device event record an agent sent ({@code EventRecord} in the wire schema), for measures counted per device
 * (firmware payloads per hub, power-loss alerts per hub). Records are keyed by (measure, device, message id): the same
 * key sent twice (by two agents, or after a restart) counts once.
 *
 * @param startEpochMillis when the event started (attributes it to a period)
 * @param endEpochMillis   when it ended, 0 when no end was seen
 * @param outcome          WITHIN_TRT, OUTSIDE_TRT, TIMED_OUT, FAILED or EXCLUDED (the wire enum's names)
 * @param outageId         the power outage event it belongs to ({@code CSPx/PM12.2}), empty otherwise
 * @param agentId          the agent that sent it
 * @param payloadId        the Category 1 firmware payload ({@code CSPx/PM2}) the attempt delivers: every attempt to one
 *                         hub carries it, and the hub counts once; empty otherwise
 */
public record DeviceRecord(String measureId, String deviceId, String messageId, String scope, long startEpochMillis,
        long endEpochMillis, String outcome, String outageId, String agentId, String payloadId) {
    public DeviceRecord {
        Objects.requireNonNull(measureId, "measureId");
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(outageId, "outageId");
        Objects.requireNonNull(agentId, "agentId");
        Objects.requireNonNull(payloadId, "payloadId");
    }

    /** A record of no firmware payload. */
    public DeviceRecord(String measureId, String deviceId, String messageId, String scope, long startEpochMillis,
            long endEpochMillis, String outcome, String outageId, String agentId) {
        this(measureId, deviceId, messageId, scope, startEpochMillis, endEpochMillis, outcome, outageId, agentId, "");
    }

    /**
     * The group the record counts in: {@code payload:<id>} for a firmware attempt, {@code outage:<id>} for a
     * power-loss alert, empty for a record that counts on its own.
     */
    public String groupKey() {
        if (!payloadId.isEmpty()) {
            return "payload:" + payloadId;
        }
        return outageId.isEmpty() ? "" : "outage:" + outageId;
    }

    /** True when the agent excluded the event (it counts in no figure, only under its reason). */
    public boolean excludedByAgent() {
        return "EXCLUDED".equals(outcome);
    }

    /** True when the record counts as within TRT. */
    public boolean withinTrt() {
        return "WITHIN_TRT".equals(outcome);
    }
}
