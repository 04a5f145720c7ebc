package io.pmr.collector.imports;

import java.util.List;
import java.util.Locale;

/** The kinds of import file, with the columns each must have, in this order. */
public enum ImportKind {
    INCIDENTS("incidents", List.of("incident_id", "category", "raised_at", "resolved_at", "closed_at",
            "exclusion_reason")),
    AVAILABILITY("availability", List.of("measure", "kind", "start", "end")),
    RATIOS("ratios", List.of("measure", "period", "numerator", "denominator")),
    POWER_OUTAGES("power-outages", List.of("measure", "event_id", "started_at", "hubs", "alerts_within_trt")),
    EXCLUSIONS("exclusions", List.of("measure", "scope", "device_or_window", "reason")),
    COMMENTARY("commentary", List.of("measure", "period", "status", "reason", "mitigation"));

    private final String code;
    private final List<String> columns;

    ImportKind(String code, List<String> columns) {
        this.code = code;
        this.columns = columns;
    }

    /** The command-line and store spelling, e.g. {@code power-outages}. */
    public String code() {
        return code;
    }

    /**
     * The required header columns, in order (incidents may add {@code provider}, then {@code impacted_at,
     * restored_at}).
     */
    public List<String> columns() {
        return columns;
    }

    /** The kind spelled {@code text} ({@code incidents}, {@code power-outages}, ...). */
    public static ImportKind parse(String text) {
        for (ImportKind kind : values()) {
            if (kind.code.equals(text.toLowerCase(Locale.ROOT))) {
                return kind;
            }
        }
        throw new IllegalArgumentException("unknown import kind '" + text
                + "': expected incidents, availability, ratios, power-outages, exclusions or commentary");
    }
}
