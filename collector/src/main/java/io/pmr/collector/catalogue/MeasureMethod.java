package io.pmr.collector.catalogue;

import java.util.Locale;

/**
 * How a measure's headline level is computed, where the report leaves a choice: the optional {@code method} column of
 * {@code measures.csv}. Composites and {@code power_outage} measures have one; an {@code availability} measure counts
 * seconds unless its method is {@code hubs} (the SMWAN connectivity level, in hub-days); the column is blank for the
 * other kinds. See docs/methodology.md.
 */
public enum MeasureMethod {
    /** Composite: the mean of the contributors' published levels (each 2 decimals), half-up to 2 decimals. */
    MEAN_OF_LEVELS(MeasureKind.COMPOSITE),
    /** Composite: every contributor's events pooled, 100 x sum(numerators) / sum(denominators). */
    POOLED(MeasureKind.COMPOSITE),
    /** PM12.2: per outage event, each capped at its requirement (the contract's intent). */
    PER_EVENT(MeasureKind.POWER_OUTAGE),
    /** PM12.2: the report's formula over the month's totals, {@code 100 x A / (((N - 50) x 0.25) + 50)}. */
    AS_PUBLISHED(MeasureKind.POWER_OUTAGE),
    /**
     * Availability counted in hub-days, not seconds: the SMWAN connectivity level by pmr's rule
     * ({@code io.pmr.model.SmwanLevelRule}), from the agents' daily per-hub check records. Blank: seconds.
     */
    HUBS(MeasureKind.AVAILABILITY);

    private final MeasureKind kind;

    MeasureMethod(MeasureKind kind) {
        this.kind = kind;
    }

    /** The kind of measure this method applies to. */
    public MeasureKind kind() {
        return kind;
    }

    /** The catalogue spelling, e.g. {@code mean_of_levels}. */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The method of a blank {@code method} cell: mean_of_levels, per_event, or null for kinds without a choice. */
    public static MeasureMethod defaultFor(MeasureKind kind) {
        return switch (kind) {
            case COMPOSITE -> MEAN_OF_LEVELS;
            case POWER_OUTAGE -> PER_EVENT;
            default -> null;
        };
    }

    /**
     * The method a {@code method} cell names for a measure of this kind.
     *
     * @throws IllegalArgumentException naming the accepted values when the text is unknown or does not fit the kind
     */
    static MeasureMethod parse(String text, MeasureKind kind) {
        String value = text.strip();
        if (value.isEmpty()) {
            return defaultFor(kind);
        }
        StringBuilder accepted = new StringBuilder();
        for (MeasureMethod method : values()) {
            if (method.kind == kind) {
                accepted.append(accepted.length() == 0 ? "" : " or ").append(method.code());
            }
        }
        if (accepted.length() == 0) {
            throw new IllegalArgumentException("'" + value + "': a " + kind.code()
                    + " measure has no method (leave it blank; methods apply to composite and power_outage measures)");
        }
        for (MeasureMethod method : values()) {
            if (method.code().equals(value) && method.kind == kind) {
                return method;
            }
        }
        MeasureMethod blank = defaultFor(kind);
        throw new IllegalArgumentException("'" + value + "' is not a method of a " + kind.code() + " measure: expected "
                + accepted + " (or blank for " + (blank == null ? "seconds" : blank.code()) + ")");
    }
}
