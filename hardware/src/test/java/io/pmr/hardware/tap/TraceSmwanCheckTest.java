package io.pmr.hardware.tap;

import io.pmr.hardware.EventKind;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The trace tap's SMWAN connectivity check records: the hub as an EUI-64 in {@code device}, {@code excluded} marking a
 * hub on the exclusion list that day; a check without a hub, or with a bad flag, is a bad line saying so.
 */
class TraceSmwanCheckTest {

    private static String decode(TraceRecord record, String kind, String device, String excluded) {
        String[] values = new String[Column.COUNT];
        values[Column.MESSAGE_ID.ordinal()] = "c-1";
        values[Column.DIRECTION.ordinal()] = "start";
        values[Column.KIND.ordinal()] = kind;
        values[Column.DEVICE.ordinal()] = device;
        values[Column.REGION.ordinal()] = "central";
        values[Column.TIMESTAMP.ordinal()] = "2020-09-10T11:00:00Z";
        values[Column.EXCLUDED.ordinal()] = excluded;
        return record.decode(values);
    }

    @Test
    void aCheckCarriesItsHubAndWhetherItIsExcludedThatDay() {
        TraceRecord record = new TraceRecord();
        assertNull(decode(record, "smwan_connectivity_check", "00-1B-2C-3D-4E-5F-60-71", null));
        assertEquals(EventKind.SMWAN_CONNECTIVITY_CHECK, record.kind);
        assertEquals(0x001B2C3D4E5F6071L, record.deviceId);
        assertEquals(0, record.groupId);
        assertNull(decode(record, "SMWAN_CONNECTIVITY_CHECK", "FFFFFFFFFFFFFFFE", "true"));
        assertEquals(0xFFFFFFFFFFFFFFFEL, record.deviceId, "the full 64 bits");
        assertEquals(1, record.groupId);
        assertNull(decode(record, "RTT4", "", "true"), "other kinds ignore device and excluded");
        assertEquals(0, record.deviceId);
        assertEquals(0, record.groupId);
    }

    @Test
    void aCheckWithoutAHubOrWithABadFlagIsABadLine() {
        TraceRecord record = new TraceRecord();
        for (String device : new String[] {"", "hub-7", "00-1B-2C", "00000000000000000"}) {
            String problem = decode(record, "SMWAN_CONNECTIVITY_CHECK", device, "");
            assertTrue(problem != null && problem.contains("is not a hub EUI-64"), device + ": " + problem);
        }
        assertTrue(decode(record, "SMWAN_CONNECTIVITY_CHECK", "0000000000000000", "").contains("all-zero"));
        assertEquals("bad excluded 'yes': expected true or false",
                decode(record, "SMWAN_CONNECTIVITY_CHECK", "001B2C3D4E5F6071", "yes"));
        String problem = decode(record, "CSPC/PM1.3", "001B2C3D4E5F6071", "");
        assertTrue(problem.startsWith("unknown kind 'CSPC/PM1.3'") && problem.endsWith("SMWAN_CONNECTIVITY_CHECK"),
                problem);
    }
}
