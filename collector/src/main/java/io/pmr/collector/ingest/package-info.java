/**
 * The ingest: an MQTT client (fixed id, persistent session, manual acks) feeding one worker thread that validates
 * agent messages against the wire contract, writes each batch in ONE store transaction, and only after commit
 * acknowledges to the broker and publishes cumulative {@code Ack}s. Invalid messages are quarantined and counted,
 * never dropped silently; conflicted keys are withheld from every Ack.
 */
package io.pmr.collector.ingest;
