/**
 * The record path's matching: {@link io.pmr.agent.correlate.Correlator} pairs each start with its end by
 * message id, takes the verdict from the exact latency and times out events past their deadline
 * ({@code now > start + TRT}, or the per-event deadline of a TRT rule such as {@code by 06:59 next day}; an event
 * outside a rule's hours is left out). Allocation-free on the hot path (primitive tables, FIFO deadline queues for
 * fixed TRTs, a primitive min-heap per kind for rule deadlines; a rule's own verdict, {@code TrtRule.counts} and
 * {@code deadlineEpochNanos}, does allocate: only SMKI requests take that path).
 *
 * <p>Threading: confined to the agent's driver thread; nothing here is durable (pending events go to a snapshot at a
 * graceful stop, {@code agent.spool.PendingSnapshot}).
 */
package io.pmr.agent.correlate;
