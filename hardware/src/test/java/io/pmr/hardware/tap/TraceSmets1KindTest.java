package io.pmr.hardware.tap;

import io.pmr.hardware.EventKind;
import io.pmr.hardware.Region;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The trace tap's SMETS1 timing records: each S1SP kind by name or by its measure id, on a line of any region (the
 * measure is not regional); a bare PM number or another provider's id is an unknown kind whose message names the
 * accepted ones.
 */
class TraceSmets1KindTest {

    private static String decode(TraceRecord record, String kind, String region) {
        String[] values = new String[Column.COUNT];
        values[Column.MESSAGE_ID.ordinal()] = "s-1";
        values[Column.DIRECTION.ordinal()] = "start";
        values[Column.KIND.ordinal()] = kind;
        values[Column.DEVICE.ordinal()] = "";
        values[Column.REGION.ordinal()] = region;
        values[Column.TIMESTAMP.ordinal()] = "2020-09-10T10:00:00Z";
        return record.decode(values);
    }

    @Test
    void everySmets1KindDecodesByNameAndByMeasureIdInEveryRegion() {
        TraceRecord record = new TraceRecord();
        List<String> ids = new ArrayList<>();
        for (EventKind kind : EventKind.every()) {
            if (!kind.smets1Timing()) {
                continue;
            }
            for (Region region : Region.values()) {
                assertNull(decode(record, kind.name().toLowerCase(Locale.ROOT), region.name()), kind.name());
                assertEquals(kind, record.kind);
                assertEquals(region, record.region);
                String id = kind.measureId(region);
                assertNull(decode(record, id.toLowerCase(Locale.ROOT), region.name()), id);
                assertEquals(kind, record.kind);
            }
            ids.add(kind.measureId(Region.SOUTH));
        }
        assertEquals(List.of("S1SP-SIE/PM1.1", "S1SP-CAP/PM1.1", "S1SP-SIE/PM1.5"), ids);
    }

    @Test
    void ambiguousOrUnknownSmets1NamesAreUnknownKindsNamingTheAccepted() {
        TraceRecord record = new TraceRecord();
        for (String text : new String[] {"PM1.5", "S1SP-CAP/PM1.5", "S1SP-SIE/PM1.2", "S1SP/PM1.1"}) {
            String problem = decode(record, text, "north");
            assertTrue(problem != null && problem.startsWith("unknown kind '" + text + "'")
                    && problem.contains("S1SP_SIE_SERVICE_REQUEST or S1SP-SIE/PM1.1")
                    && problem.contains("S1SP_SIE_ALERT_RESPONSE or S1SP-SIE/PM1.5"), text + ": " + problem);
        }
    }
}
