package io.pmr.collector.imports;

import io.pmr.model.UkCalendar;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * ISO-8601 times of import files. With an offset or {@code Z} the time is taken as given; without one it is UK local
 * time (Europe/London). At the autumn clock change a local time occurs twice: the earlier offset (BST, +01:00) is
 * taken. In the spring gap a local time does not exist: that is an error naming the time, never a silent shift.
 */
final class ImportTimes {
    static final ZoneId UK = UkCalendar.LONDON;

    private ImportTimes() {
    }

    /**
     * Parses one time.
     *
     * @throws IllegalArgumentException with a message for the user (without file, line or column)
     */
    static Instant parse(String text) {
        try {
            return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeParseException withoutOffset) {
            LocalDateTime local;
            try {
                local = LocalDateTime.parse(text, DateTimeFormatter.ISO_LOCAL_DATE_TIME);
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("'" + text + "' is not an ISO-8601 time (e.g. 2020-09-01T10:15:00Z,"
                        + " 2020-09-01T11:15:00+01:00, or 2020-09-01T11:15:00 for UK local time)");
            }
            List<ZoneOffset> offsets = UK.getRules().getValidOffsets(local);
            if (offsets.isEmpty()) {
                throw new IllegalArgumentException("'" + text + "' does not exist in UK local time (the clocks went"
                        + " forward then); give the time with an offset");
            }
            try {
                // getValidOffsets lists the earlier offset (BST) first when the clocks go back
                return local.toInstant(offsets.get(0));
            } catch (DateTimeException e) {
                throw new IllegalArgumentException("'" + text + "' is out of range");
            }
        }
    }
}
