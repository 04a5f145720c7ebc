package io.pmr.collector.imports;

import java.util.List;

/**
 * Reads and writes the rows of one kind of import file. Parsing checks a row completely (recording every problem on
 * {@link RowFields}); encoding gives the canonical values the store compares and keeps (times as UTC instants), so a
 * row equal to a stored one is recognised however its times were written.
 *
 * @param <T> the record type of the kind
 */
interface KindParser<T> {

    ImportKind kind();

    /** The column a duplicate key is reported against. */
    String keyColumn();

    /** The row as a record, or null when it has problems (then they are recorded on {@code row}). */
    T parse(RowFields row, ImportSource source);

    /** The natural key's canonical values. */
    List<String> key(T record);

    /** Every column's canonical value, in file order (blank for an absent optional value). */
    List<String> values(T record);

    /** The record back from {@link #values}. */
    T decode(List<String> values, ImportSource source);
}
