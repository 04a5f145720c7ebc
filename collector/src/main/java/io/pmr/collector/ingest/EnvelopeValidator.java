package io.pmr.collector.ingest;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.UnsafeByteOperations;
import io.pmr.collector.catalogue.Catalogue;
import io.pmr.collector.catalogue.MeasureDefinition;
import io.pmr.collector.catalogue.MeasureKind;
import io.pmr.collector.catalogue.MeasureMethod;
import io.pmr.collector.data.EnvelopeKey;
import io.pmr.collector.store.CheckedHistograms;
import io.pmr.model.TrtRule;
import io.pmr.proto.v1.AgentStatus;
import io.pmr.proto.v1.DownWindow;
import io.pmr.proto.v1.Envelope;
import io.pmr.proto.v1.EventRecord;
import io.pmr.proto.v1.ExclusionCount;
import io.pmr.proto.v1.IntervalReport;
import io.pmr.proto.v1.MeasureSource;
import io.pmr.proto.v1.MeasureWatermark;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Checks one MQTT message against the wire contract and the catalogue. Never throws for bad input: every problem
 * becomes a {@link Verdict.Invalid} naming what is wrong. The topic's agent id is only ever compared with the
 * payload's, never used before that. Thread-safe (immutable).
 */
final class EnvelopeValidator {
    /** Counts above this are implausible for a one-minute interval and would endanger exact 64-bit sums. */
    static final long MAX_COUNT = 1L << 40;
    /** Envelope nesting is 4 deep; anything deeper is hostile. */
    static final int RECURSION_LIMIT = 16;
    static final long INTERVAL_ALIGNMENT_MILLIS = 60_000;
    /**
     * Per-device records one envelope may carry: a 5,000-hub outage and a month's firmware attempts fit many times
     * over; an agent batches every publish interval, so more is hostile (maxMessageBytes bounds it too).
     */
    static final int MAX_RECORDS = 100_000;
    /** Down windows one envelope may carry: a probe every few seconds closes at most a few thousand a publish. */
    static final int MAX_DOWN_WINDOWS = 100_000;

    /** Interval lengths an agent may report: positive and at most a day (v1 agents send 60,000). */
    static final long MAX_INTERVAL_LENGTH_MILLIS = 86_400_000L;

    private final Catalogue catalogue;
    private final int maxMessageBytes;
    private final WireBounds bounds;

    EnvelopeValidator(Catalogue catalogue, int maxMessageBytes, WireBounds bounds) {
        this.catalogue = catalogue;
        this.maxMessageBytes = maxMessageBytes;
        this.bounds = bounds;
    }

    /** {@link #screen} then, when that passes, {@link #check}: everything the wire contract and catalogue demand. */
    Verdict validate(String topic, byte[] payload) {
        Verdict screened = screen(topic, payload);
        return screened instanceof Verdict.Valid valid ? check(valid.envelope()) : screened;
    }

    /**
     * The cheap checks that come before the duplicate check: size, topic shape, parse, agent id present and equal to
     * the topic's, body kind matching the topic. A {@link Verdict.Valid} here has a trustworthy key but its content
     * is not validated yet; see {@link #check}. The envelope's bytes fields are views of {@code payload}: not to be
     * written afterwards.
     */
    Verdict screen(String topic, byte[] payload) {
        if (payload.length > maxMessageBytes) {
            return invalid(RejectReason.OVERSIZED,
                    "payload of " + payload.length + " bytes exceeds maxMessageBytes " + maxMessageBytes, null);
        }
        Topics.Parsed parsed = Topics.parse(topic);
        if (parsed == null) {
            return invalid(RejectReason.UNKNOWN_TOPIC,
                    "topic is not pmr/v1/{agentId}/status|intervals|events", null);
        }
        Envelope envelope;
        try {
            // newInstance(payload)'s decoder, told the payload never changes (nothing writes it once queued): the
            // histograms are views of it, not copies
            CodedInputStream in = UnsafeByteOperations.unsafeWrap(payload).newCodedInput();
            in.enableAliasing(true);
            in.setRecursionLimit(RECURSION_LIMIT);
            in.setSizeLimit(maxMessageBytes);
            envelope = Envelope.parseFrom(in);
            in.checkLastTagWas(0);
            if (!in.isAtEnd()) {
                return invalid(RejectReason.UNPARSEABLE, "trailing bytes after the Envelope", null);
            }
        } catch (InvalidProtocolBufferException e) {
            return invalid(RejectReason.UNPARSEABLE, "not an Envelope: " + e.getMessage(), null);
        } catch (java.io.IOException | RuntimeException e) {
            return invalid(RejectReason.UNPARSEABLE, "not an Envelope: " + e, null);
        }
        if (envelope.getAgentId().isEmpty()) {
            return invalid(RejectReason.MISSING_AGENT_ID, "envelope has no agent_id", null);
        }
        if (!parsed.namesAgent(envelope.getAgentId())) {
            return invalid(RejectReason.AGENT_MISMATCH, "envelope agent_id '" + Topics.printable(envelope.getAgentId())
                    + "' differs from the topic's", null);
        }
        String badKey = WireBounds.checkKey(envelope.getBootEpoch(), envelope.getSequence());
        if (badKey != null) {
            // No agent produces such a key, so no agent waits for its ack: quarantined without one, like a mismatch.
            return invalid(RejectReason.KEY_OUT_OF_RANGE, badKey, null);
        }
        EnvelopeKey key = keyOf(envelope);
        if (envelope.getBodyCase() != parsed.kind()) {
            return invalid(RejectReason.KIND_MISMATCH, "body " + envelope.getBodyCase() + " on a "
                    + parsed.kind().name().toLowerCase(java.util.Locale.ROOT) + " topic", key);
        }
        return new Verdict.Valid(envelope);
    }

    /**
     * The deep checks of an envelope that passed {@link #screen}: measures and TRTs against the catalogue, interval
     * alignment and counts, histograms within bounds.
     */
    Verdict check(Envelope envelope) {
        return check(envelope, null);
    }

    /**
     * {@link #check}, leaving in {@code checked} (unless null) the buckets of the interval histograms it accepts, for
     * this envelope's preparation ({@code PreparedEnvelope.of}) to take instead of inflating them again.
     */
    Verdict check(Envelope envelope, CheckedHistograms checked) {
        EnvelopeKey key = keyOf(envelope);
        Verdict.Invalid problem = switch (envelope.getBodyCase()) {
            case STATUS -> checkStatus(envelope.getStatus(), key);
            case INTERVALS -> checkIntervals(envelope, key, checked);
            case EVENTS -> checkEvents(envelope, key);
            default -> invalid(RejectReason.KIND_MISMATCH, "no body", key);
        };
        return problem == null ? new Verdict.Valid(envelope) : problem;
    }

    private Verdict.Invalid checkStatus(AgentStatus status, EnvelopeKey key) {
        for (int i = 0; i < status.getMeasuresCount(); i++) {
            MeasureSource source = status.getMeasures(i);
            Verdict.Invalid problem = checkMeasure("measures[" + i + "]", source.getMeasureId(), source.getTrtMillis(),
                    source.getTrtRule(), key);
            if (problem != null) {
                return problem;
            }
        }
        return null;
    }

    private Verdict.Invalid checkIntervals(Envelope envelope, EnvelopeKey key, CheckedHistograms checked) {
        var batch = envelope.getIntervals();
        if (checked != null) {
            checked.begin(envelope);
        }
        for (int i = 0; i < batch.getIntervalsCount(); i++) {
            Verdict.Invalid problem = checkInterval(i, batch.getIntervals(i), key, checked);
            if (problem != null) {
                return problem;
            }
        }
        Verdict.Invalid badRecord = checkRecords(batch.getRecordsList(), key);
        if (badRecord != null) {
            return badRecord;
        }
        Verdict.Invalid badWindow = checkDownWindows(batch.getDownWindowsList(), key);
        if (badWindow != null) {
            return badWindow;
        }
        for (int i = 0; i < batch.getWatermarksCount(); i++) {
            MeasureWatermark watermark = batch.getWatermarks(i);
            if (catalogue.measure(watermark.getMeasureId()).isEmpty()) {
                return invalid(RejectReason.UNKNOWN_MEASURE, "watermarks[" + i + "]: measure '"
                        + Topics.printable(watermark.getMeasureId()) + "' is not in the catalogue", key);
            }
            Verdict.Invalid late = checkTime(new Place("watermarks", i, watermark.getMeasureId(), false, Place.NO_TIME,
                    "final_through_epoch_millis"), watermark.getFinalThroughEpochMillis(), key);
            if (late != null) {
                return late;
            }
        }
        return null;
    }

    private Verdict.Invalid checkInterval(int index, IntervalReport report, EnvelopeKey key,
            CheckedHistograms checked) {
        Verdict.Invalid badStart = checkTime(new Place("intervals", index, report.getMeasureId(), true, Place.NO_TIME,
                "interval_start_epoch_millis"), report.getIntervalStartEpochMillis(), key);
        if (badStart != null) {
            return badStart;
        }
        Place where = new Place("intervals", index, report.getMeasureId(), true, report.getIntervalStartEpochMillis(),
                null);
        Verdict.Invalid problem = checkMeasure(where, report.getMeasureId(), report.getTrtMillis(), report.getTrtRule(),
                key);
        if (problem != null) {
            return problem;
        }
        long lengthMillis = report.getIntervalLengthMillis();
        if (lengthMillis <= 0 || lengthMillis > MAX_INTERVAL_LENGTH_MILLIS) {
            return invalid(RejectReason.BAD_INTERVAL_LENGTH, where + ": interval_length_millis " + lengthMillis
                    + " is outside 1.." + MAX_INTERVAL_LENGTH_MILLIS, key);
        }
        if (Math.floorMod(report.getIntervalStartEpochMillis(), INTERVAL_ALIGNMENT_MILLIS) != 0) {
            return invalid(RejectReason.UNALIGNED_INTERVAL, where + ": start is not aligned to a UTC minute", key);
        }
        long events = report.getEvents();
        long within = report.getWithinTrt();
        long timedOut = report.getTimedOut();
        long failed = report.getFailed();
        if (outOfRange(events) || outOfRange(within) || outOfRange(timedOut) || outOfRange(failed)) {
            return invalid(RejectReason.COUNT_OUT_OF_RANGE, where + ": a count exceeds " + MAX_COUNT, key);
        }
        for (ExclusionCount excluded : report.getExcludedList()) {
            if (outOfRange(excluded.getCount())) {
                return invalid(RejectReason.COUNT_OUT_OF_RANGE, where + ": excluded count exceeds " + MAX_COUNT, key);
            }
        }
        if (events != within + timedOut + failed) {
            return invalid(RejectReason.INCONSISTENT_COUNTS, where + ": events " + events + " != within_trt " + within
                    + " + timed_out " + timedOut + " + failed " + failed, key);
        }
        if (!report.getHistogram().isEmpty()) {
            HistogramCheck.Result histogram = checked == null ? HistogramCheck.decodeTotal(report.getHistogram())
                    : HistogramCheck.decodeTotal(report.getHistogram(), checked, index);
            if (!histogram.ok()) {
                return invalid(RejectReason.BAD_HISTOGRAM, where + ": histogram " + histogram.problem(), key);
            }
            if (histogram.totalCount() > events) {
                return invalid(RejectReason.HISTOGRAM_EXCEEDS_EVENTS, where + ": histogram holds "
                        + histogram.totalCount() + " values for " + events + " events", key);
            }
        }
        return null;
    }

    private Verdict.Invalid checkEvents(Envelope envelope, EnvelopeKey key) {
        return checkRecords(envelope.getEvents().getRecordsList(), key);
    }

    /**
     * Per-device records (of an events body, or riding with an intervals batch): at most {@link #MAX_RECORDS}; each
     * of a catalogue measure of a kind counted from records, with a device id, a message id, a known outcome and no
     * end before its start.
     */
    private Verdict.Invalid checkRecords(List<EventRecord> records, EnvelopeKey key) {
        if (records.size() > MAX_RECORDS) {
            return invalid(RejectReason.TOO_MANY_RECORDS, records.size() + " records exceed " + MAX_RECORDS
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
            return invalid(RejectReason.UNKNOWN_MEASURE, "records[" + index + "]: measure '"
                    + Topics.printable(record.getMeasureId()) + "' is not in the catalogue", key);
        }
        Place where = new Place("records", index, record.getMeasureId(), false, Place.NO_TIME, null);
        MeasureKind kind = measure.get().kind();
        // an availability measure counted in hub-days (the SMWAN connectivity level) takes one record per hub-day
        boolean hubDays = kind == MeasureKind.AVAILABILITY && measure.get().method() == MeasureMethod.HUBS;
        if (kind != MeasureKind.WITHIN_TRT && kind != MeasureKind.POWER_OUTAGE && !hubDays) {
            return invalid(RejectReason.BAD_RECORD, where + ": measure_id is of kind "
                    + kind.name().toLowerCase(Locale.ROOT) + ", which takes no per-device records", key);
        }
        if (record.getDeviceId().isEmpty()) {
            return invalid(RejectReason.BAD_RECORD, where + ": device_id is empty", key);
        }
        if (record.getMessageId().isEmpty()) {
            return invalid(RejectReason.BAD_RECORD, where + ": message_id is empty", key);
        }
        switch (record.getOutcome()) {
            case WITHIN_TRT, OUTSIDE_TRT, TIMED_OUT, FAILED, EXCLUDED -> {
            }
            default -> {
                return invalid(RejectReason.BAD_RECORD, where + ": outcome " + record.getOutcomeValue()
                        + " is not WITHIN_TRT, OUTSIDE_TRT, TIMED_OUT, FAILED or EXCLUDED", key);
            }
        }
        Verdict.Invalid badStart = checkTime(where.field("start_epoch_millis"), record.getStartEpochMillis(), key);
        if (badStart != null) {
            return badStart;
        }
        if (record.getEndEpochMillis() != 0) {
            Verdict.Invalid badEnd = checkTime(where.field("end_epoch_millis"), record.getEndEpochMillis(), key);
            if (badEnd != null) {
                return badEnd;
            }
        }
        if (record.getEndEpochMillis() != 0 && record.getEndEpochMillis() < record.getStartEpochMillis()) {
            return invalid(RejectReason.BAD_RECORD, where + ": end_epoch_millis " + record.getEndEpochMillis()
                    + " is before start_epoch_millis " + record.getStartEpochMillis(), key);
        }
        return null;
    }

    /** Down windows: at most {@link #MAX_DOWN_WINDOWS}; each of a catalogue availability measure, end after start. */
    private Verdict.Invalid checkDownWindows(List<DownWindow> windows, EnvelopeKey key) {
        if (windows.size() > MAX_DOWN_WINDOWS) {
            return invalid(RejectReason.BAD_DOWN_WINDOW, windows.size() + " down windows exceed " + MAX_DOWN_WINDOWS
                    + " per envelope", key);
        }
        for (int i = 0; i < windows.size(); i++) {
            DownWindow window = windows.get(i);
            Optional<MeasureDefinition> measure = catalogue.measure(window.getMeasureId());
            if (measure.isEmpty()) {
                return invalid(RejectReason.UNKNOWN_MEASURE, "down_windows[" + i + "]: measure '"
                        + Topics.printable(window.getMeasureId()) + "' is not in the catalogue", key);
            }
            Place where = new Place("down_windows", i, window.getMeasureId(), false, Place.NO_TIME, null);
            if (measure.get().kind() != MeasureKind.AVAILABILITY) {
                return invalid(RejectReason.BAD_DOWN_WINDOW, where + ": measure_id is of kind "
                        + measure.get().kind().name().toLowerCase(Locale.ROOT) + ", which takes no down windows", key);
            }
            Verdict.Invalid badTime = checkTime(where.field("start_epoch_millis"), window.getStartEpochMillis(), key);
            if (badTime == null) {
                badTime = checkTime(where.field("end_epoch_millis"), window.getEndEpochMillis(), key);
            }
            if (badTime != null) {
                return badTime;
            }
            if (window.getEndEpochMillis() <= window.getStartEpochMillis()) {
                return invalid(RejectReason.BAD_DOWN_WINDOW, where + ": end_epoch_millis " + window.getEndEpochMillis()
                        + " is not after start_epoch_millis " + window.getStartEpochMillis(), key);
            }
        }
        return null;
    }

    private Verdict.Invalid checkMeasure(Object where, String measureId, long trtMillis, String trtRule,
                                         EnvelopeKey key) {
        if (catalogue.measure(measureId).isEmpty()) {
            return invalid(RejectReason.UNKNOWN_MEASURE,
                    where + ": measure '" + Topics.printable(measureId) + "' is not in the catalogue", key);
        }
        if (catalogue.measure(measureId).get().kind() == MeasureKind.AVAILABILITY) {
            // A probed availability measure counts seconds down, not events within a TRT: the catalogue keeps its TRT
            // blank and the agent's probe timeout (its trt_millis) is its own setting.
            return null;
        }
        Optional<TrtRule> rule = catalogue.trtRule(measureId);
        if (rule.isEmpty()) {
            return invalid(RejectReason.TRT_MISMATCH, where + ": the catalogue has no TRT for "
                    + Topics.printable(measureId) + " (set it in the catalogue)", key);
        }
        if (!rule.get().isFixed()) {
            // A wall-clock deadline or an hours condition: the agent must have judged by the same rule (its text, as
            // TrtRule.text() writes it) and carry its duration (0 for a wall-clock deadline) as trt_millis.
            long millis = rule.get().duration() == null ? 0 : rule.get().duration().toMillis();
            if (!rule.get().text().equals(trtRule) || trtMillis != millis) {
                return invalid(RejectReason.TRT_MISMATCH, where + ": trt_rule '" + Topics.printable(trtRule)
                        + "' and trt_millis " + trtMillis + " but the catalogue's TRT is '" + rule.get().text() + "' ("
                        + millis + " ms)", key);
            }
            return null;
        }
        if (!trtRule.isEmpty()) {
            return invalid(RejectReason.TRT_MISMATCH, where + ": trt_rule '" + Topics.printable(trtRule)
                    + "' but the catalogue's TRT is the plain duration " + rule.get().duration().toMillis() + " ms", key);
        }
        Optional<Duration> trt = Optional.of(rule.get().duration());
        if (trt.get().toMillis() != trtMillis) {
            return invalid(RejectReason.TRT_MISMATCH, where + ": trt_millis " + trtMillis + " but the catalogue's TRT is "
                    + trt.get().toMillis() + " ms", key);
        }
        return null;
    }

    private Verdict.Invalid checkTime(Object field, long epochMillis, EnvelopeKey key) {
        String problem = bounds.checkTime(field, epochMillis);
        return problem == null ? null : invalid(RejectReason.TIME_OUT_OF_RANGE, problem, key);
    }

    static EnvelopeKey keyOf(Envelope envelope) {
        return new EnvelopeKey(envelope.getAgentId(), envelope.getBootEpoch(), envelope.getSequence());
    }

    private static boolean outOfRange(long unsignedCount) {
        return Long.compareUnsigned(unsignedCount, MAX_COUNT) > 0;
    }

    private static Verdict.Invalid invalid(RejectReason reason, String detail, EnvelopeKey ackKey) {
        return new Verdict.Invalid(reason, detail, ackKey);
    }
}
