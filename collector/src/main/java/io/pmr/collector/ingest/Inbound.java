package io.pmr.collector.ingest;

/**
 * A message taken from the broker, not yet acknowledged to it.
 *
 * @param generation the connection it arrived on: its MQTT message id means nothing on a later connection
 */
record Inbound(String topic, byte[] payload, int messageId, int qos, long generation) {
}
