package io.pmr.collector.catalogue;

import java.util.Locale;

/** The kinds of measure of the catalogue's {@code kind} column (see the domain brief). */
public enum MeasureKind {
    WITHIN_TRT,
    POWER_OUTAGE,
    AVAILABILITY,
    INCIDENTS,
    COUNT,
    RATIO,
    COMPOSITE;

    /** The catalogue spelling, e.g. {@code within_trt}. */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    static MeasureKind parse(String text) {
        for (MeasureKind kind : values()) {
            if (kind.code().equals(text)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("'" + text + "' is unknown: expected one of within_trt, power_outage,"
                + " availability, incidents, count, ratio, composite");
    }
}
