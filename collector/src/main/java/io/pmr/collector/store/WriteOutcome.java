package io.pmr.collector.store;

/** What a {@link Store#write} did with one item. */
public enum WriteOutcome {
    /** A new envelope: its key and data were added. */
    STORED,
    /** The key was already stored: nothing was added. */
    DUPLICATE,
    /** Kept in quarantine, with its reason. */
    QUARANTINED,
    /**
     * A {@link StoreWrite.Duplicate} whose key turned out not to be stored: nothing was added; the caller must
     * validate the message in full and write it again.
     */
    ABSENT
}
