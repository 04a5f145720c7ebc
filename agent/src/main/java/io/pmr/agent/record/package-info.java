/**
 * What the record path writes into: exact per-minute interval cells per (measure, scope) with their latency
 * histograms ({@link io.pmr.agent.record.IntervalTable}), per-device records awaiting their batch, and availability
 * probes turned into down windows.
 *
 * <p>Threading: confined to the agent's driver thread; in memory only until {@code agent.close} turns final cells into
 * a batch that {@code agent.spool} makes durable.
 */
package io.pmr.agent.record;
