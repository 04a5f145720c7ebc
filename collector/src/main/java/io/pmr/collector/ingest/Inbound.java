package io.pmr.collector.ingest;

/**
 * A message taken from the broker and queued for the {@link IngestPipeline}; the broker may already have its PUBACK.
 *
 * @param messageId  its MQTT message id (for logs)
 * @param generation the connection it arrived on (for logs: an id means nothing on a later connection)
 */
record Inbound(String topic, byte[] payload, int messageId, int qos, long generation) {
}
