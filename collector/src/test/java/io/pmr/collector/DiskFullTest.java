package io.pmr.collector;

import static io.pmr.collector.TestEnvelopes.interval;
import static io.pmr.collector.TestEnvelopes.intervals;
import static io.pmr.collector.TestEnvelopes.millis;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.pmr.collector.report.MeasureFigure;
import io.pmr.collector.data.EnvelopeKey;
import io.pmr.proto.v1.Envelope;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The database's disk fills up mid-ingest (a real, small tmpfs filled by another file): ingest stops acknowledging,
 * says so ({@code storeFailing}, the failure counter), keeps what it has; when space returns it resumes, and every
 * envelope is stored exactly once. Mounting needs root, which CI has (it runs as root on Debian).
 */
@Timeout(180)
class DiskFullTest {
    private static final int BEFORE = 20;
    private static final int DURING = 60;

    @TempDir
    Path dir;
    private Path mount;

    @AfterEach
    void unmount() throws Exception {
        if (mount != null) {
            run("umount", "-l", mount.toString());
        }
    }

    @Test
    void aFullDiskStopsAcksAlarmsAndResumesWhenSpaceReturnsLosingNothing() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "mounting a small tmpfs needs root (CI is root)");
        mount = Files.createDirectories(dir.resolve("disk"));
        assertEquals(0, run("mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", mount.toString()),
                "mount a tmpfs at " + mount);
        Path db = mount.resolve("pmr.db");
        long start = millis("2020-09-01T00:00:00Z");
        List<Envelope> envelopes = new ArrayList<>();
        for (int i = 1; i <= BEFORE + DURING; i++) {
            envelopes.add(intervals("agent-1", 1, i, interval("CSPN/PM4.3", start + i * 60_000L, 25_000, 10, 9)));
        }
        try (Collector collector = Collector.start(CollectorSettings.builder().databasePath(db).build());
                TestAgent agent = new TestAgent(collector.brokerUrl(), keys -> true)) {
            for (Envelope envelope : envelopes.subList(0, BEFORE)) {
                agent.publish(envelope);
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> agent.acked().size() == BEFORE);

            Path filler = dir.resolve("disk").resolve("filler");
            fill(filler);
            for (Envelope envelope : envelopes.subList(BEFORE, envelopes.size())) {
                agent.publishNoWait(envelope);
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> collector.counters().storeFailures() >= 3);
            assertTrue(collector.counters().storeFailing(), "the failure is visible while it lasts");
            int ackedWhileFull = agent.acked().size();
            assertTrue(ackedWhileFull < BEFORE + DURING, "not everything acknowledged while the disk is full");
            for (int i = ackedWhileFull; i > BEFORE; i--) {
                // whatever was acknowledged after filling was committed before the disk ran out, never after
                assertTrue(agent.acked().contains(key(envelopes.get(i - 1))));
            }

            Files.delete(filler);
            await().atMost(Duration.ofSeconds(60)).until(() -> agent.acked().size() == BEFORE + DURING);
            await().atMost(Duration.ofSeconds(10)).until(() -> !collector.counters().storeFailing());

            assertEquals(BEFORE + DURING, collector.counters().stored(), "each envelope stored once");
            MeasureFigure figure = collector.report(YearMonth.of(2020, 9)).measures().stream()
                    .filter(f -> f.id().equals("CSPN/PM4.3")).findFirst().orElseThrow();
            assertEquals((BEFORE + DURING) * 10L, figure.denominator());
            assertEquals((BEFORE + DURING) * 9L, figure.numerator());
        }
    }

    /** Writes until the file system refuses: the disk is then full for everyone on it. */
    private static void fill(Path filler) throws IOException {
        byte[] block = new byte[64 * 1024];
        try (OutputStream out = Files.newOutputStream(filler)) {
            while (true) {
                out.write(block);
            }
        } catch (IOException full) {
            assertTrue(Files.size(filler) > 0, "the filler took the free space: " + full.getMessage());
        }
    }

    private static EnvelopeKey key(Envelope envelope) {
        return new EnvelopeKey(envelope.getAgentId(), envelope.getBootEpoch(), envelope.getSequence());
    }

    private static int run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).inheritIO().start();
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), String.join(" ", command) + " finished");
        return process.exitValue();
    }
}
