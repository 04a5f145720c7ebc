package io.pmr.hardware.tap;

import io.pmr.hardware.EventKind;
import io.pmr.hardware.Region;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The trace tap's SMKI records: every SMKI kind by name or by its measure id (not regional: one id everywhere). */
class TraceSmkiKindTest {

    private static String decode(TraceRecord record, String kind, String region) {
        String[] values = new String[Column.COUNT];
        values[Column.MESSAGE_ID.ordinal()] = "s-1";
        values[Column.DIRECTION.ordinal()] = "start";
        values[Column.KIND.ordinal()] = kind;
        values[Column.DEVICE.ordinal()] = "";
        values[Column.REGION.ordinal()] = region;
        values[Column.TIMESTAMP.ordinal()] = "2020-09-14T09:00:00Z";
        return record.decode(values);
    }

    @Test
    void everySmkiKindDecodesByNameAndByMeasureIdInEveryRegion() {
        TraceRecord record = new TraceRecord();
        List<String> ids = new java.util.ArrayList<>();
        for (EventKind kind : EventKind.every()) {
            if (!kind.smki()) {
                continue;
            }
            for (Region region : Region.values()) {
                String regionText = region.name().toLowerCase(Locale.ROOT);
                assertNull(decode(record, kind.name().toLowerCase(Locale.ROOT), regionText), kind.name());
                assertEquals(kind, record.kind);
                assertNull(decode(record, kind.measureId(region), regionText), kind.measureId(region));
                assertEquals(kind, record.kind);
                assertEquals(region, record.region);
            }
            ids.add(kind.measureId(Region.SOUTH));
        }
        assertEquals(List.of("TSP/PM1.1", "TSP/PM1.4", "TSP/PM1.7", "TSP/PM1.8", "DSP/PM13"), ids);
    }

    @Test
    void aBarePmNumberOfAnSmkiKindIsUnknownNamingTheAccepted() {
        TraceRecord record = new TraceRecord();
        for (String text : new String[] {"PM1.7", "PM13", "TSP/PM1.9"}) {
            String problem = decode(record, text, "north");
            assertTrue(problem != null && problem.startsWith("unknown kind '" + text + "'")
                    && problem.contains("SMKI_S2S_CERTIFICATE or TSP/PM1.7"), text + ": " + problem);
        }
    }
}
