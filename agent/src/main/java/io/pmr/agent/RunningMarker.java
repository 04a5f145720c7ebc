package io.pmr.agent;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code {dataDir}/agent.running}: created (and made durable) at start, removed at the end of a graceful stop. Found
 * at a start, it says the last run ended some other way (kill -9, crash, power cut), so its in-memory state (events
 * in intervals not yet written, open windows, a tap's or rig's position) was lost.
 */
final class RunningMarker {
    static final String FILE_NAME = "agent.running";

    private RunningMarker() {
    }

    /** Creates the marker; returns whether it was already there (the last run did not stop cleanly). */
    static boolean create(Path dataDir) throws IOException {
        Path marker = dataDir.resolve(FILE_NAME);
        if (Files.exists(marker)) {
            return true;
        }
        Files.createFile(marker);
        try (var channel = java.nio.channels.FileChannel.open(dataDir, java.nio.file.StandardOpenOption.READ)) {
            channel.force(true);
        }
        return false;
    }

    static void remove(Path dataDir) throws IOException {
        Files.deleteIfExists(dataDir.resolve(FILE_NAME));
    }
}
