/**
 * The ingest: an MQTT client (fixed id, persistent session, manual acks) that queues each agent message and then
 * acknowledges it to the broker, and a pipeline ({@link io.pmr.collector.ingest.IngestPipeline}): a batcher, a small
 * pool that validates messages against the wire contract, and ONE writer thread that writes each batch in ONE store
 * transaction and only after commit publishes cumulative {@code Ack}s, the agents' only proof of delivery. Invalid
 * messages are quarantined and counted, never dropped silently; conflicted keys are withheld from every Ack.
 */
package io.pmr.collector.ingest;
