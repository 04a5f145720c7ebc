package io.pmr.agent;

import io.pmr.agent.correlate.Correlator;
import io.pmr.agent.record.DownWindows;
import io.pmr.agent.record.IntervalTable;
import io.pmr.agent.record.Measures;
import io.pmr.hardware.EventKind;
import io.pmr.hardware.HubVariant;
import io.pmr.hardware.Region;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Events carried over a graceful restart keep their deadlines: they start again in start order. */
class RestartCarryoverTest {
    private static final long T0 = 1_598_961_600_000_000_000L;
    private static final long SECOND = 1_000_000_000L;

    @TempDir
    Path dataDir;

    @Test
    void aCarriedEventTimesOutAtItsOwnDeadlineWhateverSlotItHeld() throws IOException {
        AgentSettings settings = AgentSettings.builder().agentId("gw-north-9").region(Region.NORTH)
                .brokerUrl("tcp://127.0.0.1:1").dataDir(dataDir).build();
        Correlator before = correlator(settings);
        before.onStart(1, EventKind.RTT4, HubVariant.SKU1, T0);
        before.onStart(2, EventKind.RTT4, HubVariant.SKU1, T0 + SECOND);
        before.onEnd(1, T0 + 2 * SECOND, true);
        // Takes the slot event 1 freed, before event 2's: storage order is now 3, 2; start order 2, 3.
        before.onStart(3, EventKind.RTT4, HubVariant.SKU1, T0 + 3 * SECOND);
        RestartCarryover.save(settings, before, before.downWindows());

        Correlator after = correlator(settings);
        RestartCarryover.resume(settings, after.downWindows(), after);
        assertEquals(2, after.pendingEvents());
        long trt = settings.trts().get(EventKind.RTT4).toNanos();
        // Past event 2's deadline, not event 3's: event 2 times out now, not when event 3 does.
        assertEquals(1, after.expire(T0 + SECOND + trt + 1));
        assertEquals(1, after.timedOut());
        assertEquals(1, after.pendingEvents());
        assertEquals(1, after.expire(T0 + 3 * SECOND + trt + 1));
    }

    private static Correlator correlator(AgentSettings settings) {
        return new Correlator(new IntervalTable(new Measures(settings.region(), settings.trts())), 16,
                new io.pmr.agent.record.DeviceRecords(16), new DownWindows());
    }
}
