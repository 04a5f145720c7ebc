package io.pmr.hardware.rig;

import io.pmr.hardware.EventKind;
import io.pmr.hardware.HanListener;
import io.pmr.hardware.HubVariant;
import io.pmr.hardware.Region;
import io.pmr.hardware.sim.RigScenario;
import io.pmr.hardware.sim.SimulatedRig;
import io.pmr.proto.v1.RigControl;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The rig over a real loopback socket: every observation exactly once, in order, whatever the link does. */
class TcpRigPortTest {
    private static final Duration STEP = Duration.ofMinutes(1);
    private static Map<Region, RigJournal> journals;
    private static List<String> expected;
    private static long endEpochNanos;

    @BeforeAll
    static void recordMonth() {
        RigScenario scenario = RigScenario.of(5, 9, YearMonth.of(2020, 9), RigScenario.defaultTrts());
        journals = RigJournal.record(SimulatedRig.create(scenario), EnumSet.of(Region.NORTH), STEP);
        // the same month delivered in-process: what the TCP port must reproduce exactly
        SimulatedRig reference = SimulatedRig.create(scenario);
        Recorder recorder = new Recorder();
        reference.port(Region.NORTH).attach(recorder);
        reference.advanceTo(reference.simulationEndEpochNanos());
        expected = recorder.lines;
        endEpochNanos = reference.simulationEndEpochNanos();
    }

    @Test
    void everyObservationArrivesOnceInOrderDespiteDroppedLinksDuplicatesAndReordering() throws InterruptedException {
        RigFaultOptions faults = RigFaultOptions.none().withDuplicateProbability(0.1).withReorderProbability(0.1)
                .withDropLinkEveryFrames(4_000).withSeed(42);
        try (RigServer server = RigServer.start(RigServerSettings.loopback(0).withFaults(faults), journals)) {
            RigAddress address = new RigAddress("127.0.0.1", server.address().getPort());
            Recorder recorder = new Recorder();
            AtomicLong ticks = new AtomicLong();
            AtomicInteger ends = new AtomicInteger();
            try (TcpRigPort port = TcpRigPort.open(TcpRigSettings.defaults(address, Region.NORTH)
                    .withReconnect(Duration.ofMillis(5), Duration.ofMillis(50)))) {
                assertEquals(journals.get(Region.NORTH).startEpochNanos(), port.timeSource().epochNanos(),
                        "the clock starts at the journal's start");
                port.attach(recorder);
                port.start(now -> ticks.incrementAndGet(), ends::incrementAndGet);

                assertTrue(port.awaitEndOfStream(Duration.ofSeconds(60)), "end of stream reached");
                assertEquals(expected.size(), recorder.lines.size());
                assertEquals(expected, recorder.lines);
                assertEquals(1, ends.get());
                assertEquals(endEpochNanos, port.timeSource().epochNanos());
                assertTrue(ticks.get() > 40_000, "a tick per virtual minute: " + ticks.get());
                assertTrue(port.reconnects() >= 3, "the rig dropped the link several times: " + port.reconnects());
                assertTrue(port.duplicates() > 0, "duplicates were dropped by seq");
                assertTrue(server.reordered() > 0 && server.duplicatesWritten() > 0, "faults were injected");
            }
        }
    }

    @Test
    void aRigThatRefusesEveryConnectionIsGivenUpNamingWhy() throws Exception {
        int closedPort;
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = probe.getLocalPort(); // closed below: nothing listens there any more
        }
        RigAddress address = new RigAddress("127.0.0.1", closedPort);
        IllegalStateException gaveUp = assertThrows(IllegalStateException.class,
                () -> TcpRigPort.open(TcpRigSettings.defaults(address, Region.NORTH)
                        .withConnectTimeout(Duration.ofMillis(500)).withReconnect(Duration.ofMillis(5), Duration.ofMillis(50))));
        assertTrue(gaveUp.getMessage().contains("Connection refused"), "says why, not only that no welcome came: "
                + gaveUp.getMessage());
    }

    @Test
    void aDropLinkCommandIsSurvivedAndAnUnservedRegionIsRefused() throws InterruptedException {
        try (RigServer server = RigServer.start(RigServerSettings.loopback(0)
                .withFaults(RigFaultOptions.none().withDelay(Duration.ofMillis(1))), journals)) {
            RigAddress address = new RigAddress("127.0.0.1", server.address().getPort());
            IllegalStateException refused = assertThrows(IllegalStateException.class,
                    () -> TcpRigPort.open(TcpRigSettings.defaults(address, Region.SOUTH)));
            assertTrue(refused.getMessage().contains("not served"), refused.getMessage());

            Recorder recorder = new Recorder();
            try (TcpRigPort port = TcpRigPort.open(TcpRigSettings.defaults(address, Region.NORTH)
                    .withReconnect(Duration.ofMillis(5), Duration.ofMillis(50)))) {
                port.attach(recorder);
                port.start(now -> { }, () -> { });
                await().atMost(Duration.ofSeconds(30)).until(() -> port.delivered() > 1_000);
                String summary = RigControlClient.send(address,
                        RigControl.newBuilder().setAction(RigControl.Action.DROP_LINK).build(), Duration.ofSeconds(5));
                assertTrue(summary.contains("delay=1ms"), summary);
                RigControlClient.send(address, RigControl.newBuilder().setAction(RigControl.Action.CLEAR).build(),
                        Duration.ofSeconds(5));
                assertTrue(port.awaitEndOfStream(Duration.ofSeconds(60)));
                assertTrue(port.reconnects() >= 1, "reconnected after the drop");
                assertEquals(expected, recorder.lines);
                assertTrue(server.linksDropped() >= 1);
            }
        }
    }

    @Test
    void faultOptionsAreValidated() {
        assertThrows(IllegalArgumentException.class, () -> RigFaultOptions.none().withDuplicateProbability(1.5));
        assertThrows(IllegalArgumentException.class, () -> RigFaultOptions.none().withReorderProbability(-0.1));
        assertThrows(IllegalArgumentException.class, () -> RigFaultOptions.none().withDelay(Duration.ofMillis(-1)));
        assertThrows(IllegalArgumentException.class, () -> RigFaultOptions.none().withDropLinkEveryFrames(-1));
        assertEquals(new RigAddress("h", 7), RigAddress.parse("tcp://h:7"));
        assertThrows(IllegalArgumentException.class, () -> RigAddress.parse("tcp://h"));
    }

    /** Keeps each observation as a line; the port calls it from one thread. */
    private static final class Recorder implements HanListener {
        final List<String> lines = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void onStart(long messageId, EventKind kind, HubVariant variant, long startEpochNanos) {
            lines.add("S " + messageId + " " + kind + " " + variant + " " + startEpochNanos);
        }

        @Override
        public void onEnd(long messageId, long endEpochNanos, boolean success) {
            lines.add("E " + messageId + " " + endEpochNanos + " " + success);
        }
    }
}
