package io.pmr.collector.broker;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The probe on a real Moquette: its session loop threads, alive, dead, and new ones after a restart. */
@Timeout(60)
class EmbeddedBrokerLoopsTest {
    @TempDir
    Path dir;

    @Test
    void theProbeSeesTheBrokersOwnLiveLoopsThenADeadOneAndARestartReplacesThemOnTheSamePort() {
        try (EmbeddedBroker broker = EmbeddedBroker.start("127.0.0.1", 0, 1024, 1 << 20, dir)) {
            List<Thread> loops = broker.sessionLoops();
            assertFalse(loops.isEmpty(), "session loops recorded at start");
            assertTrue(loops.stream().allMatch(t -> t.getName().startsWith(SessionLoops.THREAD_NAME_PREFIX)
                    && t.isAlive()), "Moquette's own session loops, alive: " + loops);
            assertEquals(List.of(), broker.deadSessionLoops());

            Thread victim = loops.get(loops.size() - 1);
            victim.interrupt(); // a session loop exits for good when interrupted, as when a command throws
            await().atMost(Duration.ofSeconds(10)).until(() -> !broker.deadSessionLoops().isEmpty());
            assertEquals(List.of(victim.getName()), broker.deadSessionLoops());

            int port = broker.port();
            SamePortRestart.of(broker);
            assertEquals(port, broker.port());
            assertEquals(List.of(), broker.deadSessionLoops());
            assertEquals(loops.size(), broker.sessionLoops().size());
            assertTrue(broker.sessionLoops().stream().noneMatch(loops::contains), "new loops after the restart");
            assertTrue(loops.stream().noneMatch(Thread::isAlive), "the old broker's loops stopped");
        }
    }

    @Test
    void aSecondBrokerInTheSameJvmRecordsOnlyItsOwnLoops() {
        try (EmbeddedBroker first = EmbeddedBroker.start("127.0.0.1", 0, 1024, 1 << 20, dir.resolve("a"));
                EmbeddedBroker second = EmbeddedBroker.start("127.0.0.1", 0, 1024, 1 << 20, dir.resolve("b"))) {
            assertTrue(second.sessionLoops().stream().noneMatch(first.sessionLoops()::contains));
        }
    }

    @Test
    void aClosedBrokerIsNotRestarted() {
        EmbeddedBroker broker = EmbeddedBroker.start("127.0.0.1", 0, 1024, 1 << 20, dir);
        broker.close();
        assertThrows(IllegalStateException.class, broker::restart);
    }
}
