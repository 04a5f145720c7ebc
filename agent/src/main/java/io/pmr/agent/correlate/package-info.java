/**
 * The record path's matching: {@link io.pmr.agent.correlate.Correlator} pairs each start with its end by
 * message id, takes the verdict from the exact latency and times out events past their deadline
 * ({@code now > start + TRT}). Allocation-free on the hot path (primitive tables, FIFO deadline queues).
 *
 * <p>Threading: confined to the agent's driver thread; nothing here is durable (pending events go to a snapshot at a
 * graceful stop, {@code agent.spool.PendingSnapshot}).
 */
package io.pmr.agent.correlate;
