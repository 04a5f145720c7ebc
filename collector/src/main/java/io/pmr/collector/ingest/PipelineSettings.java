package io.pmr.collector.ingest;

import java.time.Duration;

/**
 * How the ingest pipeline batches and validates (see {@link IngestPipeline}).
 *
 * @param maxBatchEnvelopes most messages committed in one database transaction, at least 1
 * @param maxBatchDelay     longest a batch waits, from its first message, for more before it is committed; at least
 *                          0 (0: commit whatever is queued at once), at most 10 s
 * @param validatorThreads  threads that parse and validate messages beside the writer, 1 to 64
 * @param queueCapacity     messages taken from the broker and not yet in a batch; when full, the MQTT callback waits
 *                          (and so does the broker); at least {@code maxBatchEnvelopes}
 */
public record PipelineSettings(int maxBatchEnvelopes, Duration maxBatchDelay, int validatorThreads,
        int queueCapacity) {
    /** Default wait of a batch for more messages: short beside a commit, long enough to gather a burst. */
    public static final Duration DEFAULT_MAX_BATCH_DELAY = Duration.ofMillis(10);
    private static final Duration MAX_BATCH_DELAY = Duration.ofSeconds(10);

    public PipelineSettings {
        if (maxBatchEnvelopes < 1) {
            throw new IllegalArgumentException("maxBatchEnvelopes must be >= 1, was " + maxBatchEnvelopes);
        }
        if (maxBatchDelay == null || maxBatchDelay.isNegative() || maxBatchDelay.compareTo(MAX_BATCH_DELAY) > 0) {
            throw new IllegalArgumentException("maxBatchDelay must be between 0 and " + MAX_BATCH_DELAY + ", was "
                    + maxBatchDelay);
        }
        if (validatorThreads < 1 || validatorThreads > 64) {
            throw new IllegalArgumentException("validatorThreads must be between 1 and 64, was " + validatorThreads);
        }
        if (queueCapacity < maxBatchEnvelopes) {
            throw new IllegalArgumentException("queueCapacity must be >= maxBatchEnvelopes (" + maxBatchEnvelopes
                    + "), was " + queueCapacity);
        }
    }

    /**
     * The defaults for a batch size: {@link #DEFAULT_MAX_BATCH_DELAY}, one validator thread per available core up to
     * 4 (the writer is the other consumer of CPU), a queue of four batches.
     */
    public static PipelineSettings forBatchSize(int maxBatchEnvelopes) {
        int cores = Runtime.getRuntime().availableProcessors();
        return new PipelineSettings(maxBatchEnvelopes, DEFAULT_MAX_BATCH_DELAY, Math.max(1, Math.min(4, cores)),
                Math.max(64, maxBatchEnvelopes * 4));
    }
}
