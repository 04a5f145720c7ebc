package io.pmr.collector.report;

import io.pmr.collector.catalogue.MeasureKind;
import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;

/**
 * One measure's figure for a period.
 *
 * @param trt          the catalogue's TRT text (e.g. {@code 25s}), null when blank
 * @param numerator    events within TRT
 * @param denominator  events counted (exclusions not included)
 * @param level        100 x numerator / denominator, HALF_UP to 2 decimals; null when the denominator is 0
 * @param target       Target Service Level, 2 decimals
 * @param minimum      Minimum Service Level, 2 decimals; null when the catalogue leaves it blank
 * @param isFinal      true when every source has reported the whole period
 * @param excluded     excluded counts per reason, sorted by reason
 * @param contributors for composites: the contributing measures in this report (catalogue order); else empty
 */
public record MeasureFigure(String id, String name, String provider, MeasureKind kind, String trt, long numerator,
        long denominator, BigDecimal level, BigDecimal target, BigDecimal minimum, MeasureStatus status,
        boolean isFinal, List<ExcludedCount> excluded, List<String> contributors) {
    public MeasureFigure {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(status, "status");
        excluded = List.copyOf(excluded);
        contributors = List.copyOf(contributors);
    }
}
