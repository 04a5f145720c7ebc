package io.pmr.collector.ingest;

import io.pmr.collector.catalogue.Catalogue;
import io.pmr.collector.data.EnvelopeKey;
import io.pmr.collector.store.CheckedHistograms;
import io.pmr.proto.v1.AgentStatus;
import io.pmr.proto.v1.Envelope;
import io.pmr.proto.v1.MeasureSource;
import io.pmr.proto.v1.MeasureWatermark;

/**
 * Checks one MQTT message against the wire contract and the catalogue: the cheap screen before the duplicate check
 * ({@link EnvelopeScreen}), then the deep checks of the body, in a fixed order: per kind, each part by its checker
 * (status measures and watermarks by {@link FieldChecks}, interval rows by {@link IntervalRowCheck}, records and down
 * windows by {@link RecordChecks}), the first problem found being the verdict. Never throws for bad input: every
 * problem becomes a {@link Verdict.Invalid} naming what is wrong. Thread-safe (immutable).
 */
final class EnvelopeValidator {
    private final Catalogue catalogue;
    private final EnvelopeScreen screen;
    private final FieldChecks fields;
    private final IntervalRowCheck intervalRows;
    private final RecordChecks records;

    EnvelopeValidator(Catalogue catalogue, int maxMessageBytes, WireBounds bounds) {
        this.catalogue = catalogue;
        this.screen = new EnvelopeScreen(maxMessageBytes);
        this.fields = new FieldChecks(catalogue, bounds);
        this.intervalRows = new IntervalRowCheck(fields);
        this.records = new RecordChecks(catalogue, fields);
    }

    /** {@link #screen} then, when that passes, {@link #check}: everything the wire contract and catalogue demand. */
    Verdict validate(String topic, byte[] payload) {
        Verdict screened = screen(topic, payload);
        return screened instanceof Verdict.Valid valid ? check(valid.envelope()) : screened;
    }

    /**
     * The cheap checks that come before the duplicate check ({@link EnvelopeScreen#screen}): a {@link Verdict.Valid}
     * here has a trustworthy key but its content is not validated yet; see {@link #check}. The envelope's bytes
     * fields are views of {@code payload}: not to be written afterwards.
     */
    Verdict screen(String topic, byte[] payload) {
        return screen.screen(topic, payload);
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
            case EVENTS -> records.checkRecords(envelope.getEvents().getRecordsList(), key);
            default -> Verdict.invalid(RejectReason.KIND_MISMATCH, "no body", key);
        };
        return problem == null ? new Verdict.Valid(envelope) : problem;
    }

    private Verdict.Invalid checkStatus(AgentStatus status, EnvelopeKey key) {
        for (int i = 0; i < status.getMeasuresCount(); i++) {
            MeasureSource source = status.getMeasures(i);
            Verdict.Invalid problem = fields.checkMeasure("measures[" + i + "]", source.getMeasureId(),
                    source.getTrtMillis(), source.getTrtRule(), key);
            if (problem != null) {
                return problem;
            }
        }
        return null;
    }

    /** An intervals batch: its rows, then its records, its down windows and its watermarks. */
    private Verdict.Invalid checkIntervals(Envelope envelope, EnvelopeKey key, CheckedHistograms checked) {
        var batch = envelope.getIntervals();
        if (checked != null) {
            checked.begin(envelope);
        }
        for (int i = 0; i < batch.getIntervalsCount(); i++) {
            Verdict.Invalid problem = intervalRows.check(i, batch.getIntervals(i), key, checked);
            if (problem != null) {
                return problem;
            }
        }
        Verdict.Invalid badRecord = records.checkRecords(batch.getRecordsList(), key);
        if (badRecord != null) {
            return badRecord;
        }
        Verdict.Invalid badWindow = records.checkDownWindows(batch.getDownWindowsList(), key);
        if (badWindow != null) {
            return badWindow;
        }
        for (int i = 0; i < batch.getWatermarksCount(); i++) {
            MeasureWatermark watermark = batch.getWatermarks(i);
            if (catalogue.measure(watermark.getMeasureId()).isEmpty()) {
                return Verdict.invalid(RejectReason.UNKNOWN_MEASURE, "watermarks[" + i + "]: measure '"
                        + Topics.printable(watermark.getMeasureId()) + "' is not in the catalogue", key);
            }
            Verdict.Invalid late = fields.checkTime(new Place("watermarks", i, watermark.getMeasureId(), false,
                    Place.NO_TIME, "final_through_epoch_millis"), watermark.getFinalThroughEpochMillis(), key);
            if (late != null) {
                return late;
            }
        }
        return null;
    }

    static EnvelopeKey keyOf(Envelope envelope) {
        return new EnvelopeKey(envelope.getAgentId(), envelope.getBootEpoch(), envelope.getSequence());
    }
}
