package io.pmr.launcher;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.YearMonth;
import java.util.List;

/**
 * The {@code pmr rig} process a fault-injection suite's runs share (September 2020 of the classic kinds on its virtual
 * clock, regions north and central), and its ground truth. Every run's agents measure it from its seq 1; it serves
 * any number of them. Not thread-safe: one test class drives it.
 */
final class FaultRig {
    static final YearMonth PERIOD = YearMonth.of(2020, 9);
    static final List<String> REGIONS = List.of("north", "central");

    private final FaultProcess process;
    private final int port;
    private final GroundTruthFile truth;

    private FaultRig(FaultProcess process, int port, GroundTruthFile truth) {
        this.process = process;
        this.port = port;
        this.truth = truth;
    }

    /** Starts the rig with {@code hubs} hubs and {@code seed} in {@code dir}, and reads its ground truth. */
    static FaultRig start(Path dir, int hubs, long seed) throws IOException {
        return start(dir, hubs, seed, REGIONS);
    }

    /** Starts the rig over {@code regions} (names as {@code pmr rig --regions} takes them). */
    static FaultRig start(Path dir, int hubs, long seed, List<String> regions) throws IOException {
        FaultProcess rig = FaultProcess.pmr("rig", dir, List.of("rig", "--listen", "127.0.0.1:0", "--period",
                PERIOD.toString(), "--seed", Long.toString(seed), "--hubs", Integer.toString(hubs), "--regions",
                String.join(",", regions), "--truth", dir.resolve("truth.json").toString())).start();
        int port = Integer.parseInt(rig.awaitStdout("rig listening on [^:]+:(\\d+)", 0, Duration.ofMinutes(2)));
        return new FaultRig(rig, port, GroundTruthFile.read(dir.resolve("truth.json")));
    }

    String url() {
        return "tcp://127.0.0.1:" + port;
    }

    GroundTruthFile truth() {
        return truth;
    }

    String tails() {
        return process.tails();
    }

    /** Stops the rig, if it started (a suite's {@code @AfterAll} runs even when its {@code @BeforeAll} failed). */
    static void stop(FaultRig rig) throws InterruptedException {
        if (rig != null) {
            rig.process.terminate();
        }
    }
}
