package io.pmr.collector.catalogue;

import io.pmr.model.TrtRule;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * One row of the measure catalogue.
 *
 * @param id            catalogue id, e.g. {@code CSPN/PM4.3}
 * @param provider      e.g. {@code CSP North}
 * @param group         the report's grouping, e.g. {@code SMETS2}
 * @param name          the measure's published name
 * @param kind          how the measure is computed
 * @param trtText       the TRT as written in the catalogue ({@code 25s}, {@code 15s in core hours},
 *                      {@code by 06:59 next day in 07:00-18:00}), or null when blank
 * @param trt           the TRT read from {@code trtText} ({@link io.pmr.model.Trt#parseRule}), or null when blank
 * @param period        {@code monthly} or {@code quarterly}
 * @param target        Target Service Level (a percentage, or a count for {@code count} measures)
 * @param minimum       Minimum Service Level, or null when blank (KPIs)
 * @param contributesTo id of the composite this measure contributes to, or null
 * @param scope         filters narrowing the data the measure takes (optional {@code scope} column)
 * @param method        how the headline level is computed (optional {@code method} column): composites
 *                      {@code mean_of_levels} (default) or {@code pooled}; power_outage {@code per_event} (default) or
 *                      {@code as_published}; null for the other kinds
 * @param lineNumber    1-based line of the catalogue file the row came from
 * @param quartersStart quarterly measures: the first month (1..3) of the quarters the measure follows, from the
 *                      optional {@code quarters} column (a month 1..12 that starts one of its quarters, reduced to
 *                      1..3): 1 for calendar quarters (Jan-Mar, Apr-Jun, ...; the default), 2 for Feb-Apr,
 *                      May-Jul, Aug-Oct, Nov-Jan, 3 for Mar-May, ...; always 1 for monthly measures
 */
public record MeasureDefinition(String id, String provider, String group, String name, MeasureKind kind,
        String trtText, TrtRule trt, String period, BigDecimal target, BigDecimal minimum, String contributesTo,
        MeasureScope scope, MeasureMethod method, int lineNumber, int quartersStart) {

    /** A row following calendar quarters (the catalogue without a {@code quarters} column). */
    public MeasureDefinition(String id, String provider, String group, String name, MeasureKind kind,
            String trtText, TrtRule trt, String period, BigDecimal target, BigDecimal minimum, String contributesTo,
            MeasureScope scope, MeasureMethod method, int lineNumber) {
        this(id, provider, group, name, kind, trtText, trt, period, target, minimum, contributesTo, scope, method,
                lineNumber, 1);
    }

    public MeasureDefinition {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(scope, "scope");
        if (method == null ? MeasureMethod.defaultFor(kind) != null : method.kind() != kind) {
            throw new IllegalArgumentException("method " + method + " does not fit a " + kind.code() + " measure: " + id);
        }
        if ((trtText == null) != (trt == null)) {
            throw new IllegalArgumentException("trtText and trt must both be set or both be null for " + id);
        }
        if (quartersStart < 1 || quartersStart > 3) {
            throw new IllegalArgumentException("quartersStart must be 1, 2 or 3 for " + id + ", was " + quartersStart);
        }
    }

    /** A KPI has a target but no minimum and earns no service credit. */
    public boolean isKpi() {
        return minimum == null;
    }

    /** True for measures reported per quarter (see {@link #quartersStart}) rather than per month. */
    public boolean isQuarterly() {
        return "quarterly".equals(period);
    }

    /** True for a quarterly measure whose quarters are not the calendar's (Feb-Apr, ... or Mar-May, ...). */
    public boolean offsetQuarters() {
        return isQuarterly() && quartersStart != 1;
    }

    /** True for {@code count} measures, where lower is better. */
    public boolean lowerIsBetter() {
        return kind == MeasureKind.COUNT;
    }

    /**
     * The TRT as a fixed duration: empty where the catalogue leaves it blank or writes a deadline that is not a fixed
     * duration (a wall-clock deadline or an hours condition, whose verdict needs each request's start: {@link #trtRule}).
     */
    public Optional<Duration> trtDuration() {
        return trt != null && trt.isFixed() ? Optional.of(trt.duration()) : Optional.empty();
    }

    /** The TRT with its deadline rule and hours condition, empty where the catalogue leaves it blank. */
    public Optional<TrtRule> trtRule() {
        return Optional.ofNullable(trt);
    }
}
