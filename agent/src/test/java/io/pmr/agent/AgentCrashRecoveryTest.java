package io.pmr.agent;

import io.pmr.agent.spool.Outbox;
import io.pmr.agent.spool.OutboxCrashPoints;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An agent replaying a seeded simulated rig is crashed (files frozen, connection dropped, no snapshot, no flush)
 * at many points and restarted on the same data dir; what a collector stores, deduplicated by envelope key, sums
 * to the rig's ground truth exactly: no interval lost, none counted twice.
 */
class AgentCrashRecoveryTest extends OverBrokerFixture {
    private static final long HOUR_NANOS = Duration.ofHours(1).toNanos();

    @TempDir
    Path dir;

    private CrashRig rig;

    @AfterEach
    void closeAgent() {
        if (rig != null && rig.agent != null) {
            rig.agent.close(Duration.ofMillis(100));
        }
    }

    /**
     * The broker stays up across crashes: a crashed agent's connection just vanishes and the next agent connects with
     * the same client id. (Before the agent cleared Paho's persisted in-flight publishes at start, their re-send after
     * a crash killed a Moquette 0.17 session loop, "increment : 0" in PostOffice.publish2Subscribers, moquette issues
     * #750 and #961, and the agent never connected again: these tests caught it.)
     */
    private CrashRig crashRig(long seed, int maxOutboxMessages) {
        return new CrashRig(seed, broker.url(), dir, scheduler, maxOutboxMessages);
    }

    private void assertFiguresEqualTheTruth() {
        await().atMost(Duration.ofSeconds(60)).until(() -> rig.agent.outboxSize() == 0);
        var truth = rig.truth();
        assertTrue(truth.size() >= 6, "the rig generated events of several measures: " + truth.keySet());
        assertEquals(truth, CrashRig.sums(collector.intervals()));
    }

    @Test
    void crashesAtSeededPointsLoseNothingAndCountNothingTwice() throws Exception {
        rig = crashRig(11, 100_000);
        rig.start();
        Random random = new Random(20261129L);
        long span = rig.endEpochNanos() - rig.startEpochNanos();
        List<Long> crashes = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            crashes.add(rig.startEpochNanos() + (long) (random.nextDouble() * span));
        }
        crashes.sort(Comparator.naturalOrder());
        for (long crashAt : crashes) {
            // Acks stop some hours before the crash now and then, so the outbox holds unacknowledged envelopes.
            boolean stallAcks = random.nextBoolean();
            long stallFrom = crashAt - (1 + random.nextInt(12)) * HOUR_NANOS;
            collector.setAcking(true);
            assertFalse(rig.run(crashAt, now -> {
                if (stallAcks && now >= stallFrom) {
                    collector.setAcking(false);
                }
            }, () -> false));
            assertTrue(rig.start().uncleanStart(), "the restart sees the unclean stop");
        }
        collector.setAcking(true);
        assertTrue(rig.run(Long.MAX_VALUE, now -> { }, () -> false));
        assertFiguresEqualTheTruth();
        assertTrue(rig.agent.counters().intervalsSkipped() > 0, "the last replay skipped what was written before");
        assertEquals(6, rig.runs);
    }

    @Test
    void crashAfterAnEntryIsWrittenAndBeforeItIsPublished() throws Exception {
        rig = crashRig(12, 100_000);
        Random random = new Random(7);
        for (int crash = 0; crash < 3; crash++) {
            rig.start();
            int crashAtWrite = 5 + random.nextInt(60);
            AtomicInteger writes = new AtomicInteger();
            Outbox outbox = rig.outbox();
            OutboxCrashPoints.onStep(outbox, step -> {
                if (step == OutboxCrashPoints.At.ENTRY_WRITTEN && writes.incrementAndGet() == crashAtWrite) {
                    OutboxCrashPoints.halt(outbox);
                    throw new CrashRig.CrashSignal("entry " + crashAtWrite + " written");
                }
            });
            assertFalse(rig.run(Long.MAX_VALUE, now -> { }, () -> false));
        }
        rig.start();
        assertTrue(rig.run(Long.MAX_VALUE, now -> { }, () -> false));
        assertFiguresEqualTheTruth();
    }

    @Test
    void crashAfterAckedKeysAreAppendedAndBeforeTheFilesAreDeleted() throws Exception {
        // A small outbox keeps the driver in step with the acks (back-pressure), so the crash point comes mid-run.
        rig = crashRig(13, 2);
        Random random = new Random(8);
        for (int crash = 0; crash < 3; crash++) {
            rig.start();
            int crashAtAck = 5 + random.nextInt(60);
            AtomicInteger acks = new AtomicInteger();
            AtomicBoolean crashed = new AtomicBoolean();
            Outbox outbox = rig.outbox();
            OutboxCrashPoints.onStep(outbox, step -> {
                if (step == OutboxCrashPoints.At.ACKED_KEYS_APPENDED && acks.incrementAndGet() == crashAtAck) {
                    OutboxCrashPoints.halt(outbox);
                    crashed.set(true);
                    throw new CrashRig.CrashSignal("acked keys " + crashAtAck + " appended");
                }
            });
            assertFalse(rig.run(Long.MAX_VALUE, now -> { }, crashed::get));
        }
        rig.start();
        assertTrue(rig.run(Long.MAX_VALUE, now -> { }, () -> false));
        assertFiguresEqualTheTruth();
        assertTrue(Files.exists(dir.resolve("sent-intervals.log")));
    }

    @Test
    void aTornLastRecordIsSetAsideAndItsIntervalsAreSentAgain() throws Exception {
        Random random = new Random(9);
        rig = crashRig(14, 100_000);
        rig.start();
        long crashAt = rig.startEpochNanos() + 15 * 24 * HOUR_NANOS;
        // A torn file was never whole, so never published: the broker is down while the files that get torn are
        // written (else the collector may already hold the envelope whose intervals are then sent again).
        broker.stop();
        assertFalse(rig.run(crashAt, now -> collector.setAcking(now < crashAt - 6 * HOUR_NANOS), () -> false));
        broker.restart();
        Path newest = newestEnvelope();
        long size = Files.size(newest);
        long keep = 1 + random.nextInt((int) size - 1);
        try (FileChannel channel = FileChannel.open(newest, StandardOpenOption.WRITE)) {
            channel.truncate(keep);
        }
        collector.setAcking(true);
        rig.start();
        assertEquals(1, rig.agent.counters().outboxSetAside(), "the torn file is detected and counted");
        assertTrue(Files.exists(dir.resolve("outbox").resolve("set-aside").resolve(newest.getFileName())));
        assertEquals(keep, Files.size(dir.resolve("outbox").resolve("set-aside").resolve(newest.getFileName())),
                "set aside as found, never deleted");
        // a second crash, then a flipped byte in the newest file
        collector.setAcking(false);
        broker.stop();
        assertFalse(rig.run(crashAt + 5 * 24 * HOUR_NANOS, now -> { }, () -> false));
        broker.restart();
        Path flipped = newestEnvelope();
        byte[] bytes = Files.readAllBytes(flipped);
        int at = 12 + random.nextInt(bytes.length - 12);
        bytes[at] ^= 0x40;
        Files.write(flipped, bytes);
        collector.setAcking(true);
        rig.start();
        assertEquals(1, rig.agent.counters().outboxSetAside(), "the damaged file is detected and counted");
        assertTrue(rig.run(Long.MAX_VALUE, now -> { }, () -> false));
        assertFiguresEqualTheTruth();
    }

    @Test
    void aFullOutboxAppliesBackPressureAndDropsNothing() throws Exception {
        rig = crashRig(15, 4);
        rig.start();
        long stallFrom = rig.startEpochNanos() + 10 * 24 * HOUR_NANOS;
        AtomicBoolean sawBackPressure = new AtomicBoolean();
        assertTrue(rig.run(Long.MAX_VALUE, now -> {
            if (now == stallFrom) {
                collector.setAcking(false);
            }
            if (rig.agent.backPressured()) {
                sawBackPressure.set(true);
            }
            if (now > stallFrom && rig.agent.outboxSize() >= 4) {
                // the agent refused while full; the driver waited; now the collector comes back
                assertTrue(rig.agent.counters().outboxFull() > 0 || !sawBackPressure.get());
                collector.setAcking(true);
            }
        }, () -> false));
        assertTrue(rig.agent.counters().outboxFull() > 0, "the outbox refused while full");
        assertFiguresEqualTheTruth();
    }

    private Path newestEnvelope() throws IOException {
        try (Stream<Path> files = Files.list(dir.resolve("outbox"))) {
            return files.filter(f -> f.getFileName().toString().endsWith(".env"))
                    .max(Comparator.naturalOrder()).orElseThrow(() -> new AssertionError("no envelope left to tear"));
        }
    }
}
