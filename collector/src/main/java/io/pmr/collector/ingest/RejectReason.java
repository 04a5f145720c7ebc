package io.pmr.collector.ingest;

import java.util.Locale;

/** Why a message was rejected (quarantined). {@link #code()} is the key of the rejection counters. */
public enum RejectReason {
    /** Payload larger than maxMessageBytes. */
    OVERSIZED,
    /** Topic is not {@code pmr/v1/{agentId}/status|intervals|events}. */
    UNKNOWN_TOPIC,
    /** Payload is not a parseable Envelope (garbage, truncated, nested too deep, invalid UTF-8). */
    UNPARSEABLE,
    /** Envelope without agent id. */
    MISSING_AGENT_ID,
    /** The topic's agent id differs from the envelope's. */
    AGENT_MISMATCH,
    /** The envelope's body is not the kind its topic carries (or it has none). */
    KIND_MISMATCH,
    /** A measure id that is not in the catalogue. */
    UNKNOWN_MEASURE,
    /** trt_millis differs from the catalogue's TRT (or the catalogue has none for the measure). */
    TRT_MISMATCH,
    /** An interval whose start is not aligned to a UTC minute. */
    UNALIGNED_INTERVAL,
    /** An interval whose counts do not add up: events != within_trt + timed_out + failed. */
    INCONSISTENT_COUNTS,
    /** A count beyond any plausible value (2^40), which would endanger exact sums. */
    COUNT_OUT_OF_RANGE,
    /** A histogram that does not decode within bounds. */
    BAD_HISTOGRAM,
    /** A histogram holding more values than the interval has events. */
    HISTOGRAM_EXCEEDS_EVENTS,
    /**
     * A per-device record that breaks the contract: a measure not counted from records, an empty device or message
     * id, an unknown outcome, or an end before its start.
     */
    BAD_RECORD,
    /** More per-device records in one envelope than the collector accepts. */
    TOO_MANY_RECORDS,
    /**
     * A down window that breaks the contract: a measure not of kind {@code availability}, or an end not after its start;
     * or more windows in one envelope than the collector accepts.
     */
    BAD_DOWN_WINDOW,
    /**
     * A time (interval start, watermark, record start or end, down window) before 2000-01-01T00:00Z or at or after the
     * collector's clock plus the allowed skew.
     */
    TIME_OUT_OF_RANGE,
    /** An interval whose length is not positive or exceeds a day. */
    BAD_INTERVAL_LENGTH,
    /** A boot epoch of 0 or a sequence outside 1..2^63-1: a key no agent produces (quarantined without an ack). */
    KEY_OUT_OF_RANGE,
    /** The message could not be stored even on its own (the store refused it); quarantined instead. */
    STORE_FAILED;

    /** Counter key and quarantine reason, e.g. {@code agent_mismatch}. */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}
