/**
 * One measurement agent ({@link io.pmr.agent.Agent}) and its settings and counters: correlate what a HAN port
 * sees, record it in one-minute intervals, close final intervals, spool them durably and send them to the collector
 * until acknowledged.
 *
 * <p>Threading: one driver thread feeds the port's listener and ticks the agent; MQTT work runs on a scheduler and
 * Paho's threads. Durability: a batch is in the fsynced outbox before it is published, and leaves it only when the
 * collector's Ack lists it (docs/architecture.md, "Agent crash recovery").
 */
package io.pmr.agent;
