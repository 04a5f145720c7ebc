package io.pmr.agent.spool;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A data dir holds an outbox or a sent-interval ledger but no {@code agent.state}: the state that numbers its
 * envelopes is gone (deleted, or lost with part of the disk), so starting would reuse sequence numbers of envelopes
 * still in the outbox (their files are named by sequence) and could not tell which intervals were sent. The agent
 * refuses to start; the message says what the operator can do.
 */
public final class OrphanedDataDirException extends IOException {
    private static final long serialVersionUID = 1L;

    private final transient Path dataDir;

    OrphanedDataDirException(Path dataDir, String found) {
        super("data dir " + dataDir + " holds " + found + " but no " + SequenceStore.FILE_NAME
                + ", so its sequence numbers cannot be continued safely. Restore " + SequenceStore.FILE_NAME
                + " from a backup of this data dir if there is one; otherwise move outbox/ and "
                + AckedIntervalsFile.FILE_NAME + " out of it (the envelopes left in outbox/ were never acknowledged by"
                + " the collector) or start with an empty --data-dir");
        this.dataDir = dataDir;
    }

    /** The data dir that was refused. */
    public Path dataDir() {
        return dataDir;
    }
}
