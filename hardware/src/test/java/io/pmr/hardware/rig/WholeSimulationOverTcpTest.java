package io.pmr.hardware.rig;

import io.pmr.hardware.EventKind;
import io.pmr.hardware.HanListener;
import io.pmr.hardware.HubVariant;
import io.pmr.hardware.Region;
import io.pmr.hardware.sim.RigScenario;
import io.pmr.hardware.sim.SimulatedRig;
import io.pmr.proto.v1.RigEventKind;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The whole simulation over a real loopback socket: every kind, per-device starts with their hub and group. */
class WholeSimulationOverTcpTest {
    private static final Duration STEP = Duration.ofMinutes(1);

    @Test
    void everyKindHasItsOwnWireKindBothWays() {
        Set<RigEventKind> seen = EnumSet.noneOf(RigEventKind.class);
        for (EventKind kind : EventKind.every()) {
            RigEventKind wire = RigFrames.kind(kind);
            assertNotEquals(RigEventKind.RIG_EVENT_KIND_UNSPECIFIED, wire, kind + " has no wire kind");
            assertTrue(seen.add(wire), kind + " shares its wire kind");
            assertEquals(kind, RigFrames.kind(wire));
        }
        assertEquals(null, RigFrames.kind(RigEventKind.RIG_EVENT_KIND_UNSPECIFIED));
    }

    @Test
    void everyObservationOfEveryKindArrivesOnceWithItsDeviceDespiteFaults() throws InterruptedException {
        RigScenario scenario = RigScenario.of(11, 6, YearMonth.of(2020, 9), RigScenario.defaultTrts())
                .withWholeSimulation(200);
        Map<Region, RigJournal> journals = RigJournal.record(SimulatedRig.create(scenario), EnumSet.of(Region.NORTH), STEP);
        assertTrue(journals.get(Region.NORTH).wholeSimulation());
        SimulatedRig reference = SimulatedRig.create(scenario);
        Recorder expected = new Recorder();
        reference.port(Region.NORTH).attach(expected);
        reference.advanceTo(reference.simulationEndEpochNanos());
        for (EventKind kind : EventKind.every()) {
            assertTrue(expected.kinds.contains(kind), "the reference month has " + kind);
        }

        RigFaultOptions faults = RigFaultOptions.none().withDuplicateProbability(0.05).withReorderProbability(0.05)
                .withDropLinkEveryFrames(30_000).withSeed(3);
        try (RigServer server = RigServer.start(RigServerSettings.loopback(0).withFaults(faults), journals)) {
            RigAddress address = new RigAddress("127.0.0.1", server.address().getPort());
            Recorder received = new Recorder();
            try (TcpRigPort port = TcpRigPort.open(TcpRigSettings.defaults(address, Region.NORTH)
                    .withReconnect(Duration.ofMillis(5), Duration.ofMillis(50)))) {
                assertTrue(port.wholeSimulation(), "the welcome says whole simulation");
                port.attach(received);
                port.start(now -> { }, () -> { });
                assertTrue(port.awaitEndOfStream(Duration.ofSeconds(90)), "end of stream reached");
                assertEquals(null, port.failure());
                assertEquals(expected.lines.size(), received.lines.size());
                assertEquals(expected.lines, received.lines);
                assertEquals(expected.deviceStarts, port.deviceStarts());
                assertTrue(port.reconnects() >= 1 && port.duplicates() > 0, "faults were survived");
                assertEquals(0, port.codecCounters().rejected());
            }
        }
    }

    @Test
    void aClassicJournalSaysSo() {
        RigScenario scenario = RigScenario.of(11, 3, YearMonth.of(2020, 9), RigScenario.defaultTrts());
        RigJournal journal = RigJournal.record(SimulatedRig.create(scenario), EnumSet.of(Region.SOUTH), STEP)
                .get(Region.SOUTH);
        assertNotNull(journal);
        assertFalse(journal.wholeSimulation());
    }

    /** Keeps each observation as a line (per-device starts with hub and group); called from one thread. */
    private static final class Recorder implements HanListener {
        final List<String> lines = Collections.synchronizedList(new ArrayList<>());
        final Set<EventKind> kinds = Collections.synchronizedSet(EnumSet.noneOf(EventKind.class));
        long deviceStarts;

        @Override
        public void onStart(long messageId, EventKind kind, HubVariant variant, long startEpochNanos) {
            kinds.add(kind);
            lines.add("S " + messageId + " " + kind + " " + variant + " " + startEpochNanos);
        }

        @Override
        public void onDeviceStart(long messageId, EventKind kind, HubVariant variant, long deviceId, long groupId,
                                  long startEpochNanos) {
            kinds.add(kind);
            deviceStarts++;
            lines.add("D " + messageId + " " + kind + " " + variant + " " + deviceId + " " + groupId + " " + startEpochNanos);
        }

        @Override
        public void onEnd(long messageId, long endEpochNanos, boolean success) {
            lines.add("E " + messageId + " " + endEpochNanos + " " + success);
        }
    }
}
