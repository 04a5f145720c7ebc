package io.pmr.hardware.tap;

import io.pmr.hardware.EventKind;
import io.pmr.hardware.Region;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The trace tap's availability probe records: every probe kind by name, those probed from one region also by their
 * measure id; the bare PM numbers of probes (ambiguous) and a region-dependent id are unknown kinds.
 */
class TraceProbeKindTest {

    private static String decode(TraceRecord record, String kind) {
        String[] values = new String[Column.COUNT];
        values[Column.MESSAGE_ID.ordinal()] = "p-1";
        values[Column.DIRECTION.ordinal()] = "start";
        values[Column.KIND.ordinal()] = kind;
        values[Column.DEVICE.ordinal()] = "";
        values[Column.REGION.ordinal()] = "north";
        values[Column.TIMESTAMP.ordinal()] = "2020-09-10T10:00:00Z";
        return record.decode(values);
    }

    @Test
    void everyProbeKindDecodesByNameAndTheOneRegionOnesByMeasureId() {
        TraceRecord record = new TraceRecord();
        int byId = 0;
        for (EventKind kind : EventKind.every()) {
            if (!kind.availabilityProbe()) {
                continue;
            }
            assertNull(decode(record, kind.name().toLowerCase(java.util.Locale.ROOT)), kind.name());
            assertEquals(kind, record.kind);
            if (kind != EventKind.AVAILABILITY_PROBE) {
                assertNull(decode(record, kind.measureId(Region.NORTH)), kind.measureId(Region.NORTH));
                assertEquals(kind, record.kind);
                byId++;
            }
        }
        assertEquals(7, byId, "DSP/PM2.1-2.5, 2.7 and CSPN/PM6.3");
        assertNull(decode(record, "dsp/pm2.4"), "case-insensitive");
        assertEquals(EventKind.DSP_SELF_SERVICE_PROBE, record.kind);
    }

    @Test
    void ambiguousProbeNamesAreUnknownKindsNamingTheAccepted() {
        TraceRecord record = new TraceRecord();
        for (String text : new String[] {"PM2.1", "PM6.3", "CSPN/PM6.2", "DSP/PM2.6"}) {
            String problem = decode(record, text);
            assertTrue(problem != null && problem.startsWith("unknown kind '" + text + "'")
                    && problem.contains("DSP_DATA_SERVICE_PROBE or DSP/PM2.1"), text + ": " + problem);
        }
    }
}
