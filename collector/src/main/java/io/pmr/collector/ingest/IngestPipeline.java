package io.pmr.collector.ingest;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ingest between the MQTT callback and the store, in three stages:
 * <ol>
 * <li>the callback {@link #offer}s each message to a bounded queue (full: the callback waits, and so does the broker);
 * <li>a batcher thread takes up to {@link PipelineSettings#maxBatchEnvelopes} messages and
 *     {@link PipelineSettings#maxBatchBytes} of payload, waiting at most {@link PipelineSettings#maxBatchDelay} from
 *     the first for more, and has a small pool of validator threads parse, validate and decode them (in chunks, order
 *     kept);
 * <li>ONE writer thread ({@link IngestWorker}) commits each batch in one transaction, in the order the batches were
 *     formed, and then publishes the agents' Acks. Only this thread uses the store.
 * </ol>
 * While the writer commits one batch the next is gathered and validated, and under load a batch fills to its maximum
 * at once, so the commit cost is shared by many messages (group commit).
 *
 * <p>Memory: a message is held as received while queued, and parsed and decoded (its histograms as {@code long}s,
 * about 1.7 times its payload at the 30,000-hub demo's density, beside the parse) from its validation to the end of its
 * batch's commit. Beside the batch the writer commits, at most {@value #BATCHES_AHEAD} batches wait validated and one
 * more is validated while the batcher waits to hand it over, so what is held parsed and decoded is bounded by
 * {@code (BATCHES_AHEAD + 2) * maxBatchBytes} of payload (or as many single larger messages), whatever the size of the
 * agents' envelopes; without the byte bound a batch of 500 envelopes of 4 MiB (the default largest message) would be
 * 2 GB as received.
 *
 * <p>Durability: a message the callback queued may already be acknowledged to the broker, and a crash then loses it
 * from the collector; its agent still holds it (it deletes an envelope only on the collector's Ack, sent after the
 * commit) and re-sends it after {@code resendAfter}. {@link #close} commits whatever was queued before it. Thread-safe.
 */
final class IngestPipeline implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(IngestPipeline.class);
    /** Batches validated ahead of the writer: one being committed, one or two ready. */
    private static final int BATCHES_AHEAD = 2;
    private static final long CLOSE_TIMEOUT_MILLIS = 30_000;
    private static final long POLL_MILLIS = 100;
    /** How often a batch past its delay checks whether the writer took the batch before it. */
    private static final long WRITER_BEHIND_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    /** How long a gathering batch sleeps between looks at the queue: a full batch waits at most this for its look. */
    private static final long GATHER_SLICE_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    /** Fewer messages than this per validation task cost more in hand-offs than they save. */
    private static final int MIN_CHUNK = 16;
    private static final PreparedBatch END = new PreparedBatch(List.of());

    private final PipelineSettings settings;
    private final EnvelopeValidator validator;
    private final IngestWorker worker;
    private final Clock clock;
    private final BlockingQueue<Inbound> queue;
    private final BlockingQueue<PreparedBatch> prepared = new ArrayBlockingQueue<>(BATCHES_AHEAD);
    private final ExecutorService validators;
    private final Thread batcher;
    private final Thread writer;
    private volatile boolean closing;

    /** A batch whose chunks are being validated; the writer joins them in order. */
    private record PreparedBatch(List<Future<List<IngestItem>>> chunks) {
    }

    IngestPipeline(PipelineSettings settings, EnvelopeValidator validator, IngestWorker worker, Clock clock,
            String name) {
        this.settings = settings;
        this.validator = validator;
        this.worker = worker;
        this.clock = clock;
        this.queue = new ArrayBlockingQueue<>(settings.queueCapacity());
        AtomicInteger threads = new AtomicInteger();
        this.validators = Executors.newFixedThreadPool(settings.validatorThreads(), runnable -> {
            Thread thread = new Thread(runnable, "pmr-ingest-validate-" + name + "-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        this.batcher = new Thread(this::batchLoop, "pmr-ingest-batcher-" + name);
        this.writer = new Thread(this::writeLoop, "pmr-ingest-writer-" + name);
    }

    void start() {
        writer.start();
        batcher.start();
    }

    /**
     * Queues a message, waiting up to the timeout for room.
     *
     * @return true when queued (it will be committed unless the process dies first); false when the queue stayed full
     *         or the pipeline is closing
     */
    boolean offer(Inbound inbound, long timeout, TimeUnit unit) throws InterruptedException {
        return !closing && queue.offer(inbound, timeout, unit);
    }

    boolean closing() {
        return closing;
    }

    private void batchLoop() {
        try {
            while (true) {
                Inbound first = queue.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
                if (first == null) {
                    if (closing) {
                        break;
                    }
                    continue;
                }
                List<Inbound> batch = gather(first);
                prepared.put(prepare(batch, clock.millis()));
            }
            prepared.put(END);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            // A bug: stop taking messages rather than spin; the writer ends, agents re-send what is unacknowledged.
            LOG.error("Ingest batcher failed; ingest stops", e);
            prepared.offer(END);
        }
    }

    /**
     * Up to the batch maximum of messages and of payload bytes, waiting at least the batch delay from the first message
     * and then for as long as the writer still has a batch waiting: what arrives while the writer is behind joins one
     * commit (group commit), rather than queueing as batches of one delay's worth, each paying the batch's fixed cost
     * (its fsync, and a rewrite of every daily rollup and total it touches). A message that would take the batch past
     * {@link PipelineSettings#maxBatchBytes} starts the next batch instead (the first message of a batch always joins
     * it, however large).
     */
    private List<Inbound> gather(Inbound first) throws InterruptedException {
        int max = settings.maxBatchEnvelopes();
        List<Inbound> batch = new ArrayList<>(Math.min(max, queue.size() + 1));
        batch.add(first);
        long room = settings.maxBatchBytes() - first.payload().length;
        long deadlineNanos = System.nanoTime() + settings.maxBatchDelay().toNanos();
        while (true) {
            room = takeInto(batch, max, room);
            long leftNanos = deadlineNanos - System.nanoTime();
            if (batch.size() >= max || room < 0 || closing) {
                break; // full by count or by bytes; closing: nothing more is coming, commit now
            }
            if (leftNanos <= 0) {
                if (prepared.isEmpty()) {
                    break; // the writer takes this batch next
                }
                leftNanos = WRITER_BEHIND_POLL_NANOS;
            }
            // Sleep, then take: waiting on the queue instead would have every message that finds it empty wake
            // this thread (a futex wake on the MQTT callback's thread, a context switch here), about one wake per
            // five messages at the embedded broker's pace of ten deliveries a round trip, and nothing is committed
            // before the deadline anyway unless the batch fills, which the next slice sees.
            LockSupport.parkNanos(this, Math.min(leftNanos, GATHER_SLICE_NANOS));
            if (Thread.interrupted()) {
                throw new InterruptedException("ingest batcher interrupted while gathering");
            }
        }
        return batch;
    }

    /**
     * Moves queued messages into the batch while it has fewer than {@code max} and the next one fits in
     * {@code room} payload bytes.
     *
     * @return the bytes left, or -1 when the next queued message does not fit (the batch is full by bytes)
     */
    private long takeInto(List<Inbound> batch, int max, long room) {
        // This thread is the queue's only taker, so the message peeked is the one polled.
        for (Inbound next = queue.peek(); next != null && batch.size() < max; next = queue.peek()) {
            int bytes = next.payload().length;
            if (bytes > room) {
                return -1;
            }
            queue.poll();
            batch.add(next);
            room -= bytes;
        }
        return room;
    }

    private PreparedBatch prepare(List<Inbound> batch, long receivedEpochMillis) {
        int chunk = Math.max(MIN_CHUNK, (batch.size() + settings.validatorThreads() - 1) / settings.validatorThreads());
        List<Future<List<IngestItem>>> chunks = new ArrayList<>();
        for (int from = 0; from < batch.size(); from += chunk) {
            List<Inbound> part = batch.subList(from, Math.min(batch.size(), from + chunk));
            chunks.add(validators.submit(() -> {
                List<IngestItem> items = new ArrayList<>(part.size());
                for (Inbound inbound : part) {
                    items.add(IngestItem.prepare(inbound, validator, receivedEpochMillis));
                }
                return items;
            }));
        }
        return new PreparedBatch(chunks);
    }

    private void writeLoop() {
        try {
            while (true) {
                PreparedBatch batch = prepared.take();
                if (batch == END) {
                    return;
                }
                try {
                    List<IngestItem> items = new ArrayList<>();
                    for (Future<List<IngestItem>> chunk : batch.chunks()) {
                        items.addAll(chunk.get());
                    }
                    worker.commit(items);
                } catch (ExecutionException | RuntimeException e) {
                    // A bug, not bad input (that is quarantined): keep serving. The batch is not acknowledged to its
                    // agents, which re-send it.
                    LOG.error("Ingest batch failed unexpectedly; its agents will re-send it", e);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Stops taking messages, commits what was queued (a store that fails meanwhile is given up on: those messages stay
     * unacknowledged to their agents), and stops the threads; waits at most 30 s.
     */
    @Override
    public void close() {
        closing = true;
        worker.stop();
        try {
            batcher.join(CLOSE_TIMEOUT_MILLIS);
            writer.join(CLOSE_TIMEOUT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (batcher.isAlive() || writer.isAlive()) {
            LOG.warn("Ingest did not finish its queued messages within {} ms; their agents will re-send them",
                    CLOSE_TIMEOUT_MILLIS);
            batcher.interrupt();
            writer.interrupt();
        }
        validators.shutdownNow();
    }
}
