package io.pmr.collector.ingest;

import io.pmr.collector.catalogue.Catalogue;
import io.pmr.collector.catalogue.MeasureDefinition;
import io.pmr.collector.catalogue.MeasureKind;
import io.pmr.collector.data.EnvelopeKey;
import io.pmr.model.TrtRule;
import java.util.Optional;

/**
 * The field checks every body part of an envelope shares: a measure id and the TRT an agent judged it by against the
 * catalogue, and a time (epoch milliseconds) against the wire bounds. Each answers null when the field is good, else
 * the {@link Verdict.Invalid} naming it, to acknowledge under {@code key}. Thread-safe (immutable; the bounds read
 * the clock per call).
 */
final class FieldChecks {
    private final Catalogue catalogue;
    private final WireBounds bounds;

    FieldChecks(Catalogue catalogue, WireBounds bounds) {
        this.catalogue = catalogue;
        this.bounds = bounds;
    }

    /**
     * The measure is in the catalogue and, unless it is an availability measure, {@code trtRule} and
     * {@code trtMillis} are the catalogue's TRT as an agent writes it. {@code where} is put into words only on failure.
     * Runs per interval row: kept under the JIT's inlining limit for hot methods ({@link Verdict#invalid}), so that
     * the row's {@link Place} is not allocated.
     */
    Verdict.Invalid checkMeasure(Object where, String measureId, long trtMillis, String trtRule, EnvelopeKey key) {
        Optional<MeasureDefinition> measure = catalogue.measure(measureId);
        if (measure.isEmpty()) {
            return Verdict.invalid(RejectReason.UNKNOWN_MEASURE,
                    where + ": measure '" + Topics.printable(measureId) + "' is not in the catalogue", key);
        }
        if (measure.get().kind() == MeasureKind.AVAILABILITY) {
            // A probed availability measure counts seconds down, not events within a TRT: the catalogue keeps its TRT
            // blank and the agent's probe timeout (its trt_millis) is its own setting.
            return null;
        }
        Optional<TrtRule> rule = catalogue.trtRule(measureId);
        if (rule.isEmpty()) {
            return Verdict.invalid(RejectReason.TRT_MISMATCH, where + ": the catalogue has no TRT for "
                    + Topics.printable(measureId) + " (set it in the catalogue)", key);
        }
        if (!rule.get().isFixed()) {
            // A wall-clock deadline or an hours condition: the agent must have judged by the same rule (its text, as
            // TrtRule.text() writes it) and carry its duration (0 for a wall-clock deadline) as trt_millis.
            long millis = rule.get().duration() == null ? 0 : rule.get().duration().toMillis();
            if (!rule.get().text().equals(trtRule) || trtMillis != millis) {
                return Verdict.invalid(RejectReason.TRT_MISMATCH, where + ": trt_rule '"
                        + Topics.printable(trtRule) + "' and trt_millis " + trtMillis + " but the catalogue's TRT is '"
                        + rule.get().text() + "' (" + millis + " ms)", key);
            }
            return null;
        }
        if (!trtRule.isEmpty()) {
            return Verdict.invalid(RejectReason.TRT_MISMATCH, where + ": trt_rule '" + Topics.printable(trtRule)
                    + "' but the catalogue's TRT is the plain duration " + rule.get().duration().toMillis() + " ms", key);
        }
        long fixedMillis = rule.get().duration().toMillis();
        if (fixedMillis != trtMillis) {
            return Verdict.invalid(RejectReason.TRT_MISMATCH, where + ": trt_millis " + trtMillis
                    + " but the catalogue's TRT is " + fixedMillis + " ms", key);
        }
        return null;
    }

    /** The time lies in the wire bounds ({@link WireBounds#checkTime}); {@code field} is put into words on failure. */
    Verdict.Invalid checkTime(Object field, long epochMillis, EnvelopeKey key) {
        String problem = bounds.checkTime(field, epochMillis);
        return problem == null ? null : Verdict.invalid(RejectReason.TIME_OUT_OF_RANGE, problem, key);
    }
}
