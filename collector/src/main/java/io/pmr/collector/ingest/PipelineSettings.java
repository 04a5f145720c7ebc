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
 * @param maxBatchBytes     most payload bytes (as received) in one batch, at least 1: a batch is cut before the
 *                          message that would take it past this, so it holds at most this many bytes, or one message
 *                          larger than that on its own. What the pipeline holds parsed and decoded (a batch being
 *                          committed and {@link IngestPipeline}'s batches validated ahead) grows with this, not with
 *                          how large the agents' envelopes are
 */
public record PipelineSettings(int maxBatchEnvelopes, Duration maxBatchDelay, int validatorThreads,
        int queueCapacity, long maxBatchBytes) {
    /** Default wait of a batch for more messages: short beside a commit, long enough to gather a burst. */
    public static final Duration DEFAULT_MAX_BATCH_DELAY = Duration.ofMillis(10);
    /**
     * Default payload bytes of a batch, 4 MiB: about 33 envelopes of a 30,000-hub demo's 122 KB (its batches were up to
     * 62 without a byte bound), far above a batch of 500 small envelopes (500 x 129 bytes = 64.5 KB), so group commit
     * keeps its reach; a batch of the largest messages allowed (4 MiB by default) is one message. In the 30,000-hub
     * demo 1 MiB changed nothing in the collections and 256 to 512 KiB cost the writer 14 to 19 s more CPU for fewer
     * of them (docs/performance.md, demo round 11).
     */
    public static final long DEFAULT_MAX_BATCH_BYTES = 4L << 20;
    private static final Duration MAX_BATCH_DELAY = Duration.ofSeconds(10);

    /** Settings with the default byte budget of a batch, {@link #DEFAULT_MAX_BATCH_BYTES}. */
    public PipelineSettings(int maxBatchEnvelopes, Duration maxBatchDelay, int validatorThreads, int queueCapacity) {
        this(maxBatchEnvelopes, maxBatchDelay, validatorThreads, queueCapacity, DEFAULT_MAX_BATCH_BYTES);
    }

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
        if (maxBatchBytes < 1) {
            throw new IllegalArgumentException("maxBatchBytes must be >= 1, was " + maxBatchBytes);
        }
    }

    /**
     * The defaults for a batch size: {@link #DEFAULT_MAX_BATCH_DELAY}, one validator thread per available core up to
     * 4 (the writer is the other consumer of CPU), a queue of four batches, {@link #DEFAULT_MAX_BATCH_BYTES}.
     */
    public static PipelineSettings forBatchSize(int maxBatchEnvelopes) {
        int cores = Runtime.getRuntime().availableProcessors();
        return new PipelineSettings(maxBatchEnvelopes, DEFAULT_MAX_BATCH_DELAY, Math.max(1, Math.min(4, cores)),
                Math.max(64, maxBatchEnvelopes * 4));
    }
}
