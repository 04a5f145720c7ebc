package io.pmr.collector.ingest;

import io.pmr.model.Topics;
import java.time.Instant;

/**
 * Where in an envelope a check of {@link EnvelopeValidator} looks ({@code intervals[3] CSPN/PM4.3 at
 * 2020-09-01T00:03:00Z: field}), put into words only when a check fails: a valid item costs no text (the checks run
 * per interval and per record). Immutable.
 *
 * @param printable     whether the measure id is shown through {@link Topics#printable}
 * @param atEpochMillis the item's instant, or {@link #NO_TIME}
 * @param field         the field, or null for the item itself
 */
record Place(String list, int index, String measureId, boolean printable, long atEpochMillis, String field) {
    /** No instant: the place names none. */
    static final long NO_TIME = Long.MIN_VALUE;

    /** The same item's {@code name} field. */
    Place field(String name) {
        return new Place(list, index, measureId, printable, atEpochMillis, name);
    }

    @Override
    public String toString() {
        String where = list + "[" + index + "] " + (printable ? Topics.printable(measureId) : measureId)
                + (atEpochMillis == NO_TIME ? "" : " at " + Instant.ofEpochMilli(atEpochMillis));
        return field == null ? where : where + ": " + field;
    }
}
