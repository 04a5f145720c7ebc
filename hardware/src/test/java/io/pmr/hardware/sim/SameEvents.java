package io.pmr.hardware.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Asserts two stored events equal, field by field, naming the event and the field that differs. */
final class SameEvents {
    private SameEvents() {
    }

    /** Event {@code e} of {@code expected} equals event {@code a} of {@code actual}; {@code where} names it. */
    static void assertSameEvent(RegionEvents expected, int e, RegionEvents actual, int a, String where) {
        assertEquals(expected.messageId(e), actual.messageId(a), where + ": message id");
        assertEquals(expected.startEpochNanos(e), actual.startEpochNanos(a), where + ": start");
        assertEquals(expected.kind(e), actual.kind(a), where + ": kind");
        assertEquals(expected.variant(e), actual.variant(a), where + ": variant");
        assertEquals(expected.lost(e), actual.lost(a), where + ": lost");
        if (!expected.lost(e)) {
            assertEquals(expected.endEpochNanos(e), actual.endEpochNanos(a), where + ": end");
            assertEquals(expected.success(e), actual.success(a), where + ": success");
        }
        assertEquals(expected.hub(e), actual.hub(a), where + ": hub");
        assertEquals(expected.deviceId(e), actual.deviceId(a), where + ": device");
        assertEquals(expected.groupId(e), actual.groupId(a), where + ": group");
    }
}
