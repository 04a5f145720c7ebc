package io.pmr.collector.report;

import java.util.Locale;

/** Where a figure's counts came from. */
public enum FigureSource {
    /** Measured by agents (interval sums or per-device records). */
    AGENTS,
    /** Supplied by imports (files listed in the figure). */
    SUPPLIED,
    /** Both: agents' counts plus imported events (e.g. PM12.1 with imported small power outages). */
    AGENTS_AND_SUPPLIED,
    /** Nothing applied in the period: no agent data and nothing imported. */
    NONE;

    /** The report spelling, e.g. {@code agents}, {@code agents_and_supplied}. */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The source of a figure pooling two sources (composites). */
    public FigureSource and(FigureSource other) {
        if (this == NONE) {
            return other;
        }
        if (other == NONE || other == this) {
            return this;
        }
        return AGENTS_AND_SUPPLIED;
    }
}
