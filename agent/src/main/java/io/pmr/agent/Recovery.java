package io.pmr.agent;

import io.pmr.agent.spool.BootEpochs;
import io.pmr.agent.spool.OrphanedDataDirException;
import io.pmr.agent.spool.Outbox;
import io.pmr.agent.spool.SequenceStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The first step of an agent's start: recovers what the last run left in the data dir, before anything measures or
 * sends. In order: a data dir that lost its {@code agent.state} is refused before anything in it is touched
 * ({@link OrphanedDataDirException}); the boot epoch is drawn and the sequence store opened; the {@code agent.running}
 * marker says whether the last run stopped uncleanly (then a WARN); the outbox is opened (torn files set aside); the
 * MQTT client state an older agent left is cleared. The snapshots of a graceful stop are taken up later, into the
 * measuring state ({@link RestartCarryover#resume}).
 *
 * <p>Threading: runs once on the thread that starts the agent. Logs under the {@link Agent}'s logger.
 */
final class Recovery {
    /** The agent's category: operators' log settings for the agent keep covering its start. */
    private static final Logger LOG = LoggerFactory.getLogger(Agent.class);

    private Recovery() {
    }

    /**
     * What the start found in the data dir.
     *
     * @param sequences    the sequence store, with this start's boot epoch
     * @param outbox       the outbox, holding every envelope the last runs left unacknowledged
     * @param uncleanStart whether the last run did not stop gracefully (its marker was still there)
     */
    record Found(SequenceStore sequences, Outbox outbox, boolean uncleanStart) {
    }

    /**
     * Recovers the data dir of {@code settings}.
     *
     * @throws IOException when the data dir cannot be opened; an {@link OrphanedDataDirException} when it has an
     *                     outbox or a ledger but no {@code agent.state}
     */
    static Found run(AgentSettings settings, BootEpochs bootEpochs) throws IOException {
        Files.createDirectories(settings.dataDir());
        // First: a data dir that lost its agent.state is refused before anything in it is touched.
        SequenceStore sequences = SequenceStore.open(settings.dataDir(), bootEpochs);
        boolean uncleanStart = RunningMarker.create(settings.dataDir());
        Outbox outbox = Outbox.open(settings.dataDir(), settings.agentId(), settings.maxOutboxMessages(), sequences);
        clearPahoState(settings, settings.dataDir().resolve("paho"));
        if (uncleanStart) {
            LOG.warn("agent {}: the last run did not stop cleanly (kill, crash or power cut): {}", settings.agentId(),
                    settings.replayFromStart() ? "the source is replayed from its start and the intervals the outbox's "
                            + "ledger holds are skipped" : "what it observed in intervals it had not yet written is "
                            + "lost (this source cannot be replayed)");
        }
        return new Found(sequences, outbox, uncleanStart);
    }

    /**
     * Deletes what Paho's file persistence kept in a data dir written by an older agent (in-flight QoS 1 publishes;
     * the publisher now keeps Paho's state in memory with a clean session). The outbox is the record of what is
     * unacknowledged and is replayed in full, so nothing is lost; and Paho re-sending those stale publishes at connect
     * after a kill -9 was seen to kill a session loop of the embedded broker (docs/reliability.md), after which the
     * agent could never connect again.
     */
    private static void clearPahoState(AgentSettings settings, Path pahoDir) throws IOException {
        if (!Files.isDirectory(pahoDir)) {
            return;
        }
        List<Path> stale;
        try (var files = Files.walk(pahoDir)) {
            stale = files.filter(file -> !file.equals(pahoDir)).sorted(java.util.Comparator.reverseOrder()).toList();
        }
        for (Path file : stale) {
            Files.deleteIfExists(file);
        }
        if (!stale.isEmpty()) {
            LOG.info("agent {}: cleared {} files of MQTT client state left by the last run (the outbox is replayed "
                    + "instead)", settings.agentId(), stale.size());
        }
    }
}
