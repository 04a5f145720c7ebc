package io.pmr.collector.imports;

import java.util.Objects;

/**
 * One parsed row as the store keeps it: its natural key and every value in canonical form (see {@link ImportCodec}),
 * and the line it came from. Two rows with equal {@code values} are the same data however the file wrote them.
 */
public record ImportRow(String naturalKey, String values, int lineNumber) {
    public ImportRow {
        Objects.requireNonNull(naturalKey, "naturalKey");
        Objects.requireNonNull(values, "values");
    }
}
