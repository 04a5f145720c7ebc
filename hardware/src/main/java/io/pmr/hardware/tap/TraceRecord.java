package io.pmr.hardware.tap;

import io.pmr.hardware.EventKind;
import io.pmr.hardware.HubVariant;
import io.pmr.hardware.Region;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * One decoded trace line; a single instance is reused for every line (polling thread only).
 */
final class TraceRecord {
    private static final String KIND_NAMES;

    static {
        StringBuilder names = new StringBuilder();
        for (EventKind kind : EventKind.all()) {
            names.append(names.length() == 0 ? "" : ", ").append(kind.name());
        }
        for (EventKind kind : EventKind.all()) {
            names.append(", ").append(kind.pmNumber());
        }
        names.append("; availability probes: ");
        String separator = "";
        for (EventKind kind : EventKind.every()) {
            if (kind.availabilityProbe()) {
                names.append(separator).append(kind.name());
                String id = probeMeasureId(kind);
                if (id != null) {
                    names.append(" or ").append(id);
                }
                separator = ", ";
            }
        }
        appendByNameOrId(names, "; SMETS1 timings: ", EventKind::smets1Timing);
        appendByNameOrId(names, "; SMKI timings: ", EventKind::smki);
        names.append("; SMWAN connectivity level: ").append(EventKind.SMWAN_CONNECTIVITY_CHECK.name());
        KIND_NAMES = names.toString();
    }

    /** Lists the kinds {@code which} picks as "NAME or MEASURE-ID" (kinds that are not regional: one id). */
    private static void appendByNameOrId(StringBuilder names, String label,
            java.util.function.Predicate<EventKind> which) {
        names.append(label);
        String separator = "";
        for (EventKind kind : EventKind.every()) {
            if (which.test(kind)) {
                names.append(separator).append(kind.name()).append(" or ").append(kind.measureId(Region.NORTH));
                separator = ", ";
            }
        }
    }

    /** The largest epoch-millisecond count whose nanoseconds fit in a long. */
    private static final long MAX_EPOCH_MILLIS = Long.MAX_VALUE / 1_000_000L;

    String messageId;
    boolean start;
    EventKind kind;
    Region region;
    HubVariant variant;
    boolean success;
    long epochNanos;
    /** The hub of a SMWAN connectivity check (its EUI-64), 0 for other kinds. */
    long deviceId;
    /** 1 for a SMWAN connectivity check of a hub excluded that day, else 0. */
    long groupId;

    /**
     * Decodes field values (by {@link Column#ordinal()}, null when absent) into this record.
     *
     * @return null when valid, else what is wrong
     */
    String decode(String[] values) {
        for (Column column : Column.ALL) {
            if (column.required && values[column.ordinal()] == null) {
                return "missing field '" + column.key + "'";
            }
        }
        messageId = values[Column.MESSAGE_ID.ordinal()];
        if (messageId.isEmpty()) {
            return "empty message_id";
        }
        String direction = values[Column.DIRECTION.ordinal()];
        if (direction.equalsIgnoreCase("start")) {
            start = true;
        } else if (direction.equalsIgnoreCase("end")) {
            start = false;
        } else {
            return "unknown direction '" + direction + "': expected start or end";
        }
        String kindText = values[Column.KIND.ordinal()];
        kind = kind(kindText);
        if (kind == null) {
            return "unknown kind '" + kindText + "': expected one of " + KIND_NAMES;
        }
        try {
            region = Region.parse(values[Column.REGION.ordinal()]);
        } catch (IllegalArgumentException e) {
            return e.getMessage() + " (or CSPN, CSPC, CSPS)";
        }
        String variantText = values[Column.VARIANT.ordinal()];
        if (variantText == null || variantText.isEmpty()) {
            variant = HubVariant.SKU1;
        } else if (variantText.equalsIgnoreCase("SKU1")) {
            variant = HubVariant.SKU1;
        } else if (variantText.equalsIgnoreCase("SKU2")) {
            variant = HubVariant.SKU2;
        } else {
            return "unknown variant '" + variantText + "': expected SKU1 or SKU2";
        }
        String successText = values[Column.SUCCESS.ordinal()];
        if (successText == null || successText.isEmpty() || successText.equalsIgnoreCase("true")) {
            success = true;
        } else if (successText.equalsIgnoreCase("false")) {
            success = false;
        } else {
            return "bad success '" + successText + "': expected true or false";
        }
        String problem = timestamp(values[Column.TIMESTAMP.ordinal()]);
        return problem != null ? problem : device(values);
    }

    /**
     * Sets {@link #deviceId} and {@link #groupId}: a SMWAN connectivity check needs its hub as an EUI-64 (16 hex
     * digits, separators {@code -} or {@code :} allowed) and may say {@code excluded}; other kinds keep neither.
     */
    private String device(String[] values) {
        deviceId = 0;
        groupId = 0;
        String excludedText = values[Column.EXCLUDED.ordinal()];
        if (!kind.smwanLevel()) {
            return null;
        }
        String device = values[Column.DEVICE.ordinal()];
        String hex = device.replace("-", "").replace(":", "");
        if (hex.length() != 16 || !hex.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            return "device '" + device + "' is not a hub EUI-64 (16 hex digits, e.g. 00-1B-2C-3D-4E-5F-60-71):"
                    + " a SMWAN connectivity check needs its hub";
        }
        deviceId = Long.parseUnsignedLong(hex, 16);
        if (deviceId == 0) {
            return "device '" + device + "' is the all-zero EUI-64: a SMWAN connectivity check needs its hub";
        }
        if (excludedText == null || excludedText.isEmpty() || excludedText.equalsIgnoreCase("false")) {
            groupId = 0;
        } else if (excludedText.equalsIgnoreCase("true")) {
            groupId = 1;
        } else {
            return "bad excluded '" + excludedText + "': expected true or false";
        }
        return null;
    }

    /**
     * A classic kind by name or PM number; an availability probe kind by name or, when it is probed from one region
     * only (the DSP interfaces, the CSPN Access Nodes), by its measure id ({@code DSP/PM2.1}, {@code CSPN/PM6.3}):
     * the bare PM numbers of the probes are ambiguous (PM2.1 is also a SMETS1 provider's measure); a SMETS1 timing by
     * name or measure id ({@code S1SP-SIE/PM1.1}; the bare {@code PM1.1} is ambiguous too); an SMKI kind by name or
     * measure id ({@code TSP/PM1.7}, {@code DSP/PM13}).
     */
    private static EventKind kind(String text) {
        for (EventKind kind : EventKind.all()) {
            if (kind.name().equalsIgnoreCase(text) || kind.pmNumber().equalsIgnoreCase(text)) {
                return kind;
            }
        }
        for (EventKind kind : EventKind.every()) {
            if (kind.availabilityProbe()
                    && (kind.name().equalsIgnoreCase(text) || text.equalsIgnoreCase(probeMeasureId(kind)))) {
                return kind;
            }
            // a SMETS1 or SMKI timing's measure is the same whichever region's line carries it (S1SP-SIE/PM1.1)
            if ((kind.smets1Timing() || kind.smki())
                    && (kind.name().equalsIgnoreCase(text) || text.equalsIgnoreCase(kind.measureId(Region.NORTH)))) {
                return kind;
            }
            if (kind.smwanLevel() && kind.name().equalsIgnoreCase(text)) {
                return kind; // by name only: its measure id differs by region (CSPN/PM1.4, CSPC/PM1.3)
            }
        }
        return null;
    }

    /** The measure id of a probe kind measured in one region only, else null (its id depends on the region). */
    private static String probeMeasureId(EventKind kind) {
        String id = null;
        int regions = 0;
        for (Region region : Region.values()) {
            if (kind.measuredIn(region)) {
                id = kind.measureId(region);
                regions++;
            }
        }
        return regions == 1 ? id : null;
    }

    /** Sets {@link #epochNanos} from epoch milliseconds or an ISO-8601 instant; returns a problem or null. */
    private String timestamp(String text) {
        if (isDigits(text)) {
            if (text.length() > 18 || Long.parseLong(text) > MAX_EPOCH_MILLIS) {
                return "timestamp '" + text + "' is out of range";
            }
            epochNanos = Long.parseLong(text) * 1_000_000L;
            return null;
        }
        Instant instant;
        try {
            instant = DateTimeFormatter.ISO_INSTANT.parse(text, Instant::from);
        } catch (DateTimeParseException e) {
            return "bad timestamp '" + text + "': expected an ISO-8601 instant such as 2020-09-01T10:00:00.123456789Z"
                    + " or integer epoch milliseconds";
        }
        try {
            epochNanos = Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000_000L), instant.getNano());
        } catch (ArithmeticException e) {
            return "timestamp '" + text + "' is out of range";
        }
        return null;
    }

    private static boolean isDigits(String text) {
        if (text.isEmpty()) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }
}
