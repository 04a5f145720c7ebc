package io.pmr.launcher;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A process started on a port that another socket holds for a while is started again, and then listens on it. */
class FaultProcessPortHeldTest {
    @Test
    void aProcessWhosePortIsHeldIsStartedAgainUntilItListensOnThatPort(@TempDir Path dir) throws Exception {
        assertTrue(Files.isExecutable(FaultRun.MOSQUITTO), "Mosquitto is installed (.ci/run installs it)");
        int port = FaultRun.freePort();
        Path config = Files.write(dir.resolve("mosquitto.conf"), List.of("listener " + port + " 127.0.0.1",
                "allow_anonymous true", "log_dest stderr", "log_type error", "log_type information"));
        FaultProcess mosquitto = FaultProcess.of("mosquitto", dir, List.of(FaultRun.MOSQUITTO.toString(), "-c",
                config.toString())).logFile(dir.resolve("mosquitto.err"));
        try {
            CompletableFuture<String> listening;
            try (Socket holder = new Socket()) {
                holder.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port)); // bound, not listening
                listening = CompletableFuture.supplyAsync(() -> mosquitto.startListening(
                        "Opening ipv4 listen socket on port (\\d+)", Duration.ofSeconds(20)));
                await().atMost(Duration.ofSeconds(20)).until(() -> mosquitto.portsHeld() > 0 || listening.isDone());
            }
            assertEquals(Integer.toString(port), listening.get(40, TimeUnit.SECONDS)); // throws if it gave up
            assertTrue(mosquitto.portsHeld() > 0, "the held port was never refused, so this proved nothing");
            assertTrue(mosquitto.alive(), "listening, and still running");
        } finally {
            mosquitto.terminate();
        }
    }
}
