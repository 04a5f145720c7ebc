/**
 * Everything an agent keeps on disk: the outbox (a durable log of unacknowledged envelopes: {@code write} returns
 * {@code Written} or {@code Full}, never null; it holds no send state and knows no topics), the sent-interval ledger,
 * the identity counters ({@code agent.state}: boot epoch and sequence high-water mark) and stop-time snapshots.
 *
 * <p>Durability: every file is written temp, forced, atomically renamed and its directory forced
 * ({@link io.pmr.agent.spool.DurableFiles}) before anything depends on it; a torn file is detected (length, CRC32C)
 * and set aside, never trusted. Threading: as stated per class (the outbox is locked: the agent's thread of control
 * writes batches and removes acknowledged envelopes, the sender reads it on its scheduler). Crash points are
 * package-private (tests reach them through a seam in the test tree).
 */
package io.pmr.agent.spool;
