package io.pmr.agent.correlate;

import io.pmr.agent.record.DeviceRecords;
import io.pmr.agent.record.IntervalCell;
import io.pmr.agent.record.IntervalTable;
import io.pmr.agent.record.Measures;
import io.pmr.hardware.EventKind;
import io.pmr.hardware.Region;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;

import static io.pmr.hardware.EventKind.POWER_LOSS_ALERT;
import static io.pmr.hardware.EventKind.RTT4;
import static io.pmr.hardware.HubVariant.SKU1;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The end {@link Correlator#onEnd} keeps waiting until the next call: every call that could see it, or act on its
 * event or id, records it first, so that no count, cell, record or pending event differs from recording it at once.
 */
class WaitingEndTest {
    private static final long T0 = Instant.parse("2020-09-01T12:00:00Z").toEpochMilli() * 1_000_000L;
    private static final long SECOND = 1_000_000_000L;

    private DeviceRecords records;
    private Correlator correlator;

    @BeforeEach
    void setUp() {
        Map<EventKind, Duration> trts = new EnumMap<>(EventKind.class);
        trts.put(RTT4, Duration.ofSeconds(25));
        trts.put(POWER_LOSS_ALERT, Duration.ofSeconds(60));
        records = new DeviceRecords(2);
        correlator = new Correlator(new IntervalTable(new Measures(Region.NORTH, trts)), 4, records); // 64 positions
    }

    @Test
    void anUnknownEndDoesNotEndTheStartOfItsIdThatFollowsIt() {
        // The usual start: the id's position is free and nothing is in the overflow, but the waiting end is this id's.
        correlator.onEnd(7, T0, true);
        correlator.onStart(7, RTT4, SKU1, T0);

        assertEquals(1, correlator.unknownEnds());
        assertEquals(0, correlator.withinTrt());
        assertEquals(1, correlator.pendingEvents());
    }

    @Test
    void aLateEndDoesNotEndTheStartOfItsIdThatFollowsIt() {
        correlator.onStart(3, RTT4, SKU1, T0);
        correlator.expire(T0 + 26 * SECOND);
        correlator.onEnd(3, T0 + 27 * SECOND, true);
        correlator.onStart(3, RTT4, SKU1, T0 + 27 * SECOND);

        assertEquals(1, correlator.lateEnds());
        assertEquals(1, correlator.timedOut());
        assertEquals(0, correlator.ends());
        assertEquals(1, correlator.pendingEvents());
    }

    @Test
    void theTickRecordsTheWaitingEndBeforeTimingOut() {
        correlator.onStart(1, RTT4, SKU1, T0);
        correlator.onEnd(1, T0 + 20 * SECOND, true);
        assertEquals(0, correlator.expire(T0 + 30 * SECOND), "ended within its TRT before the tick");

        assertEquals(1, correlator.publishedCounts().withinTrt());
        assertEquals(0, correlator.publishedCounts().timedOut());
        assertEquals(0, correlator.publishedCounts().lateEnds());
    }

    @Test
    void aStartAtTheWaitingEndsPositionFindsItEnded() {
        correlator.onStart(1, RTT4, SKU1, T0);
        correlator.onEnd(1, T0 + SECOND, true);
        correlator.onStart(65, RTT4, SKU1, T0 + SECOND); // 1's position in a ring of 64

        assertEquals(1, correlator.withinTrt());
        assertEquals(1, correlator.pendingEvents());
        correlator.onEnd(65, T0 + 2 * SECOND, true);
        assertEquals(2, correlator.withinTrt());
        assertEquals(0, correlator.pendingEvents());
    }

    @Test
    void aDeviceStartOfTheWaitingEndsIdIsNotADuplicate() {
        correlator.onDeviceStart(1, POWER_LOSS_ALERT, SKU1, 11, 5, T0);
        correlator.onEnd(1, T0 + SECOND, true);
        correlator.onDeviceStart(1, POWER_LOSS_ALERT, SKU1, 12, 5, T0 + SECOND);

        assertEquals(0, correlator.duplicateStarts());
        assertEquals(1, correlator.records().size());
        assertEquals(11, correlator.records().deviceId(0));
        assertEquals(1, correlator.pendingEvents());
    }

    @Test
    void everyReaderSeesTheWaitingEnd() {
        correlator.onStart(1, RTT4, SKU1, T0);
        correlator.onEnd(1, T0 + 3 * SECOND, true);
        IntervalCell cell = correlator.intervals().cellFor(RTT4, SKU1, T0);
        assertEquals(1, cell.withinTrt());
        assertEquals(0, cell.pending());

        correlator.onStart(2, RTT4, SKU1, T0 + 3 * SECOND);
        correlator.onEnd(2, T0 + 4 * SECOND, false);
        int[] visited = {0};
        correlator.forEachPending((id, kind, variant, start, device, group) -> visited[0]++);
        assertEquals(0, visited[0]);

        correlator.onDeviceStart(3, POWER_LOSS_ALERT, SKU1, 11, 5, T0 + 4 * SECOND);
        correlator.onEnd(3, T0 + 5 * SECOND, true);
        assertEquals(1, correlator.records().size());

        correlator.onStart(4, RTT4, SKU1, T0 + 5 * SECOND);
        correlator.onEnd(4, T0 + 6 * SECOND, true);
        correlator.recordWaitingEnd();
        assertEquals(2, cell.withinTrt(), "read through the table the caller holds, after recordWaitingEnd");
        assertEquals(1, cell.failed());
        correlator.publishCounters();
        assertEquals(4, correlator.publishedCounts().ends());
    }
}
