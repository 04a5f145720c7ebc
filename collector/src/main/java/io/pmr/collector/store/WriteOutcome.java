package io.pmr.collector.store;

/** What a {@link Store#write} did with one item. */
public enum WriteOutcome {
    /** A new envelope: its key and data were added. */
    STORED,
    /** The key was already stored with the same payload (SHA-256): nothing was added. */
    DUPLICATE,
    /**
     * The key was already stored with a different payload: nothing was added to the data; the payload is kept in the
     * conflicts table (once per distinct payload, with its receipt count). Never acknowledged to the agent.
     */
    CONFLICT,
    /** Kept in quarantine, with its reason. */
    QUARANTINED,
    /**
     * A {@link StoreWrite.Duplicate} whose key turned out not to be stored: nothing was added; the caller must
     * validate the message in full and write it again.
     */
    ABSENT
}
