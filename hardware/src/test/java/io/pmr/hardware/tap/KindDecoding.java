package io.pmr.hardware.tap;

import io.pmr.hardware.EventKind;
import io.pmr.hardware.Region;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How the trace tap's kind tests decode a start line's kind, and what they check of a family of kinds. */
final class KindDecoding {
    private KindDecoding() {
    }

    /** Decodes a start line of {@code kind} (no device) in {@code region}; returns the problem, or null when good. */
    static String decodeStart(TraceRecord record, String kind, String region) {
        String[] values = new String[Column.COUNT];
        values[Column.MESSAGE_ID.ordinal()] = "s-1";
        values[Column.DIRECTION.ordinal()] = "start";
        values[Column.KIND.ordinal()] = kind;
        values[Column.DEVICE.ordinal()] = "";
        values[Column.REGION.ordinal()] = region;
        values[Column.TIMESTAMP.ordinal()] = "2020-09-14T09:00:00Z";
        return record.decode(values);
    }

    /**
     * Every kind of the family decodes, on a line of every region (its name in either case), by its name and by its
     * measure id there, each as written and in lower case, to that kind and region.
     *
     * @return the family's measure ids in SOUTH, in kind order
     */
    static List<String> assertEveryKindDecodesByNameAndMeasureId(Predicate<EventKind> family) {
        TraceRecord record = new TraceRecord();
        List<String> ids = new ArrayList<>();
        for (EventKind kind : EventKind.every()) {
            if (!family.test(kind)) {
                continue;
            }
            for (Region region : Region.values()) {
                String id = kind.measureId(region);
                for (String regionText : List.of(region.name(), region.name().toLowerCase(Locale.ROOT))) {
                    for (String text : List.of(kind.name(), kind.name().toLowerCase(Locale.ROOT), id,
                            id.toLowerCase(Locale.ROOT))) {
                        assertNull(decodeStart(record, text, regionText), text + " in " + regionText);
                        assertEquals(kind, record.kind, text);
                        assertEquals(region, record.region, text + " in " + regionText);
                    }
                }
            }
            ids.add(kind.measureId(Region.SOUTH));
        }
        return ids;
    }

    /** Each text is an unknown kind, on a NORTH line, whose message names every one of {@code accepted}. */
    static void assertUnknownNaming(List<String> texts, String... accepted) {
        TraceRecord record = new TraceRecord();
        for (String text : texts) {
            String problem = decodeStart(record, text, "north");
            assertTrue(problem != null && problem.startsWith("unknown kind '" + text + "'"), text + ": " + problem);
            for (String name : accepted) {
                assertTrue(problem.contains(name), text + ": " + problem + " names " + name);
            }
        }
    }
}
