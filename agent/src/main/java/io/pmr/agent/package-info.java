/**
 * One measurement agent ({@link io.pmr.agent.Agent}) and its settings and counters: correlate what a HAN port
 * sees, record it in one-minute intervals, close final intervals, spool them durably and send them to the collector
 * until acknowledged. An agent is three parts: {@code Recovery} (what the last run left in the data dir, at start),
 * {@code Measuring} (correlate, record, close, write to the outbox) and the sender ({@code agent.publish}).
 *
 * <p>Threading: one thread of control ({@code AgentLoop}) owns the measuring state; the port's observations (in
 * pooled slots, allocation-free), the driver's ticks, flushes and stop (request and reply) and the collector's Acks
 * reach it through one queue, in arrival order. One driver thread feeds the port's listener and ticks the agent; MQTT
 * work runs on a scheduler and Paho's threads. Durability: a batch is in the fsynced outbox before it is published,
 * and leaves it only when the collector's Ack lists it (docs/architecture.md, "Agent crash recovery").
 */
package io.pmr.agent;
