package io.pmr.hardware.tap;

import java.util.Locale;
import java.util.StringJoiner;

/** The fields of a trace line, by their CSV column name and JSON key. */
enum Column {
    MESSAGE_ID("message_id", true),
    DIRECTION("direction", true),
    KIND("kind", true),
    DEVICE("device", true),
    REGION("region", true),
    TIMESTAMP("timestamp", true),
    SUCCESS("success", false),
    VARIANT("variant", false),
    /** SMWAN connectivity checks only: {@code true} when the hub is on the exclusion list that UK day. */
    EXCLUDED("excluded", false);

    static final Column[] ALL = values();
    static final int COUNT = ALL.length;
    /** The required names, comma-separated, for messages. */
    static final String REQUIRED_NAMES;

    static {
        StringJoiner joiner = new StringJoiner(",");
        for (Column column : ALL) {
            if (column.required) {
                joiner.add(column.key);
            }
        }
        REQUIRED_NAMES = joiner.toString();
    }

    final String key;
    final boolean required;

    Column(String key, boolean required) {
        this.key = key;
        this.required = required;
    }

    /** The column a name (case-insensitive, surrounding blanks ignored) names, or null. */
    static Column byName(String name) {
        String wanted = name.strip().toLowerCase(Locale.ROOT);
        for (Column column : ALL) {
            if (column.key.equals(wanted)) {
                return column;
            }
        }
        return null;
    }
}
