/**
 * Everything an agent keeps on disk: the outbox of unacknowledged envelopes, the sent-interval ledger, the identity
 * counters ({@code agent.state}: boot epoch and sequence high-water mark), stop-time snapshots, and which Ack ranges
 * to believe.
 *
 * <p>Durability: every file is written temp, forced, atomically renamed and its directory forced
 * ({@link io.pmr.agent.spool.DurableFiles}) before anything depends on it; a torn file is detected (length, CRC32C)
 * and set aside, never trusted. Threading: as stated per class (the outbox is shared by the driver and MQTT threads).
 */
package io.pmr.agent.spool;
