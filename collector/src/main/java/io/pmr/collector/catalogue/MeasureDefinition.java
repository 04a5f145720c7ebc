package io.pmr.collector.catalogue;

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
 * @param trtText       the TRT as written in the catalogue ({@code 25s}), or null when blank
 * @param trt           the TRT, or null when blank
 * @param period        {@code monthly} or {@code quarterly}
 * @param target        Target Service Level (a percentage, or a count for {@code count} measures)
 * @param minimum       Minimum Service Level, or null when blank (KPIs)
 * @param contributesTo id of the composite this measure contributes to, or null
 * @param lineNumber    1-based line of the catalogue file the row came from
 */
public record MeasureDefinition(String id, String provider, String group, String name, MeasureKind kind,
        String trtText, Duration trt, String period, BigDecimal target, BigDecimal minimum, String contributesTo,
        int lineNumber) {

    public MeasureDefinition {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(target, "target");
        if ((trtText == null) != (trt == null)) {
            throw new IllegalArgumentException("trtText and trt must both be set or both be null for " + id);
        }
    }

    /** The TRT, empty where the catalogue leaves it blank. */
    public Optional<Duration> trtDuration() {
        return Optional.ofNullable(trt);
    }
}
