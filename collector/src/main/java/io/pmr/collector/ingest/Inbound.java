package io.pmr.collector.ingest;

/** A message taken from the broker and queued for the {@link IngestPipeline}; the broker may already have its PUBACK. */
record Inbound(String topic, byte[] payload) {
}
