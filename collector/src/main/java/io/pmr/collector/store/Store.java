package io.pmr.collector.store;

import io.pmr.collector.data.EnvelopeKey;
import io.pmr.collector.data.EnvelopeConflict;
import io.pmr.collector.data.IdentityClash;
import io.pmr.collector.data.PeriodData;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * Durable, idempotent storage of agent messages. Implementations keep their SQL to themselves; this interface is
 * what the ingest programs against (SQLite now, PostgreSQL next). A store the measure engine reads from also
 * implements {@link io.pmr.collector.data.MeasureData}.
 *
 * <p>Durability: when {@link #write} returns, the batch is committed to stable storage. Thread-safety: all methods
 * may be called from any thread; implementations serialise as they need.
 */
public interface Store extends AutoCloseable {

    /**
     * Applies a batch in ONE transaction: for each {@link StoreWrite.Accept}, records its key under a unique
     * constraint and, when the key is new, adds its data (interval reports, exclusions, declared measures, watermarks,
     * event records), each row keeping the key it came from; a key seen before adds nothing: a duplicate when the payload's SHA-256 equals the
     * stored one, else a conflict, whose payload is kept apart ({@link #conflicts}). Each
     * {@link StoreWrite.Duplicate} is checked against the keys stored by then (including earlier in this batch) and
     * adds nothing. Each {@link StoreWrite.Quarantine} is kept with its reason. The unique key is the final arbiter:
     * a stored key is never removed, so once stored, a key stays a duplicate forever.
     *
     * @return one outcome per item, in order
     * @throws StoreException if the transaction failed; then nothing of the batch was added
     * @throws IllegalArgumentException if an item breaks the store's invariants (e.g. an envelope without a body);
     *                                  nothing of the batch was added
     */
    List<WriteOutcome> write(List<StoreWrite> batch);

    /**
     * Which of these keys are already stored (accepted; quarantined messages do not count), as committed now. Keys
     * are never removed, so a key returned here is still stored at any later {@link #write}; callers may skip deep
     * validation of such messages and write them as {@link StoreWrite.Duplicate}.
     *
     * @throws StoreException if the read failed
     */
    Set<EnvelopeKey> storedKeys(Collection<EnvelopeKey> keys);

    /**
     * Every key of this agent the store holds an answer for, as committed now: the keys of stored envelopes and of
     * quarantined messages that carry a key (a quarantined message without a trustworthy key, e.g. one whose topic
     * and payload name different agents, has none). These are the keys the ingest acknowledges; keys are never
     * removed, so the result only grows over time. In no particular order; a key may appear more than once (quarantined
     * twice, or quarantined and later stored).
     *
     * @throws StoreException if the read failed
     */
    List<EnvelopeKey> heldKeys(String agentId);

    /**
     * Sums for the measure engine: interval reports whose start lies in {@code [fromEpochMillis, toEpochMillis)},
     * plus the declared sources and watermarks of every measure.
     */
    PeriodData periodData(long fromEpochMillis, long toEpochMillis);

    /**
     * The keys of this agent under which a payload other than the stored one came ({@link WriteOutcome#CONFLICT}):
     * the ingest withholds them from its Acks. Defaults serve test doubles that never see conflicts.
     *
     * @throws StoreException if the read failed
     */
    default List<EnvelopeKey> conflictedKeys(String agentId) {
        return List.of();
    }

    /** The conflicts, most recently received first, at most {@code limit}. */
    default List<EnvelopeConflict> conflicts(int limit) {
        return List.of();
    }

    /** Records (or extends the last-seen time of) two live agents under one id; committed on return. */
    default void recordIdentityClash(IdentityClash clash) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " keeps no identity clashes");
    }

    /** Every identity clash recorded, most recently seen first. */
    default List<IdentityClash> identityClashes() {
        return List.of();
    }

    /** Number of distinct envelope keys stored (duplicates and quarantined messages excluded). */
    long envelopeCount();

    /** The quarantined messages, oldest first, at most {@code limit}. */
    List<QuarantinedMessage> quarantined(int limit);

    @Override
    void close();
}
