/**
 * The record path's matching: {@link io.pmr.agent.correlate.Correlator} pairs each start with its end by
 * message id, takes the verdict from the exact latency and times out events past their deadline
 * ({@code now > start + TRT}, or the per-event deadline of a TRT rule such as {@code by 06:59 next day}; an event
 * outside a rule's hours is left out). Allocation-free on the hot path: pending events in a ring by message id with a
 * primitive hash table for the rest ({@link io.pmr.agent.correlate.PendingEvents}), a scan of the ring in id order at
 * each tick for the usual starts ({@link io.pmr.agent.correlate.StartOrderScan}: ids from a counter, a plain TRT), FIFO
 * deadline queues for fixed TRTs and a primitive min-heap per kind for the others
 * ({@link io.pmr.agent.correlate.Deadlines}), and a rule's
 * answers for the current UK day kept as numbers ({@link io.pmr.agent.correlate.RuleDay}).
 *
 * <p>Threading: confined to the agent's driver thread; nothing here is durable (pending events go to a snapshot at a
 * graceful stop, {@code agent.spool.PendingSnapshot}).
 */
package io.pmr.agent.correlate;
