package io.pmr.agent;

import io.pmr.hardware.EventKind;
import io.pmr.hardware.HanListener;
import io.pmr.hardware.HubVariant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CountDownLatch;

/**
 * The agent's one thread of control. Port observations, the driver's ticks, flushes and stop, and the collector's
 * Acks all arrive through ONE bounded queue ({@link ArrayBlockingQueue}) that a single thread consumes, in arrival
 * order; that thread alone touches the measuring state (correlator, recorders, interval close, outbox writes and
 * deletions), so none of it needs a lock.
 *
 * <p>Observations travel in pre-allocated, reused slots ({@link Observations}, {@value #SLOTS} of
 * {@value #SLOT_CAPACITY} observations each): the port's thread fills one and hands it over when it is full or a
 * command follows, the thread of control replays it into the target listener and returns it to the free pool. The
 * record path thus allocates nothing per event. When every slot is in use the port's thread waits (back-pressure on
 * the source), never drops.
 *
 * <p>Commands ({@link #call}) are request and reply: the caller hands over the observations it produced before, then
 * waits until the thread of control has run the command, and gets its exception back. So after {@code tick()}
 * returns, every observation before it and the tick itself are done, exactly as when the driver ran them itself.
 * An exception thrown while replaying observations is logged and rethrown to the next command's caller.
 *
 * <p>Threading: {@link HanListener} calls and {@link #call} come from the driver's thread (one at a time, the port's
 * contract); {@link #ackArrived} from any thread (Paho's); the rest on the thread of control.
 */
final class AgentLoop implements HanListener {
    private static final Logger LOG = LoggerFactory.getLogger(AgentLoop.class);
    static final int SLOTS = 32;
    static final int SLOT_CAPACITY = 256;
    private static final EventKind[] KINDS = EventKind.values();
    private static final HubVariant[] VARIANTS = HubVariant.values();
    private static final byte START = 0;
    private static final byte DEVICE_START = 1;
    private static final byte END = 2;

    /** Observations, commands and acks, in arrival order: the one queue. */
    private final ArrayBlockingQueue<Object> queue = new ArrayBlockingQueue<>(SLOTS + 64);
    private final ArrayBlockingQueue<Observations> free = new ArrayBlockingQueue<>(SLOTS);
    private final HanListener target;
    private final AckSink acks;
    private final Thread thread;
    /** The slot the driver's thread is filling, or null; only that thread touches it. */
    private Observations filling;
    private volatile boolean stopped;
    private volatile long acksDropped;
    /** An observation's failure, rethrown to the next command's caller (thread of control only). */
    private RuntimeException observationFailure;

    /** Applies an Ack on the thread of control. */
    @FunctionalInterface
    interface AckSink {
        void apply(String topic, byte[] payload);
    }

    /** A reusable batch of observations, struct-of-arrays so filling and replaying allocate nothing. */
    private static final class Observations {
        final byte[] type = new byte[SLOT_CAPACITY];
        final long[] messageId = new long[SLOT_CAPACITY];
        final byte[] kind = new byte[SLOT_CAPACITY];
        final byte[] variant = new byte[SLOT_CAPACITY];
        final long[] deviceId = new long[SLOT_CAPACITY];
        final long[] groupId = new long[SLOT_CAPACITY];
        final long[] epochNanos = new long[SLOT_CAPACITY];
        final boolean[] success = new boolean[SLOT_CAPACITY];
        int size;
    }

    private record Ack(String topic, byte[] payload) {
    }

    private static final class Command {
        final Runnable action;
        final boolean last;
        final CountDownLatch done = new CountDownLatch(1);
        RuntimeException failure;
        Error error;

        Command(Runnable action, boolean last) {
            this.action = action;
            this.last = last;
        }
    }

    /** Starts the thread of control (named {@code pmr-agent-loop-<agentId>}). */
    AgentLoop(String agentId, HanListener target, AckSink acks) {
        this.target = target;
        this.acks = acks;
        for (int i = 0; i < SLOTS; i++) {
            free.add(new Observations());
        }
        this.thread = new Thread(this::run, "pmr-agent-loop-" + agentId);
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void onStart(long messageId, EventKind kind, HubVariant variant, long startEpochNanos) {
        Observations slot = slot();
        int i = slot.size;
        slot.type[i] = START;
        slot.messageId[i] = messageId;
        slot.kind[i] = (byte) kind.ordinal();
        slot.variant[i] = (byte) variant.ordinal();
        slot.epochNanos[i] = startEpochNanos;
        added(slot);
    }

    @Override
    public void onDeviceStart(long messageId, EventKind kind, HubVariant variant, long deviceId, long groupId,
            long startEpochNanos) {
        Observations slot = slot();
        int i = slot.size;
        slot.type[i] = DEVICE_START;
        slot.messageId[i] = messageId;
        slot.kind[i] = (byte) kind.ordinal();
        slot.variant[i] = (byte) variant.ordinal();
        slot.deviceId[i] = deviceId;
        slot.groupId[i] = groupId;
        slot.epochNanos[i] = startEpochNanos;
        added(slot);
    }

    @Override
    public void onEnd(long messageId, long endEpochNanos, boolean success) {
        Observations slot = slot();
        int i = slot.size;
        slot.type[i] = END;
        slot.messageId[i] = messageId;
        slot.epochNanos[i] = endEpochNanos;
        slot.success[i] = success;
        added(slot);
    }

    private Observations slot() {
        Observations slot = filling;
        if (slot == null) {
            slot = takeUninterruptibly(free);
            filling = slot;
        }
        return slot;
    }

    private void added(Observations slot) {
        if (++slot.size == SLOT_CAPACITY) {
            handOver();
        }
    }

    /** Hands the slot being filled (if any) to the thread of control. Driver's thread. */
    private void handOver() {
        Observations slot = filling;
        if (slot != null && slot.size > 0) {
            filling = null;
            putUninterruptibly(slot);
        }
    }

    /**
     * Runs {@code action} on the thread of control after every observation handed over before, and waits for it.
     * Its unchecked exception (an {@link UncheckedIOException} for an I/O failure) is rethrown here, as is an earlier
     * observation's failure. Driver's thread.
     *
     * @throws IllegalStateException if the loop has stopped
     */
    void call(Runnable action) {
        run(new Command(action, false));
    }

    /** As {@link #call}, then the thread of control ends (after the action, even when it throws). */
    void callAndStop(Runnable action) {
        run(new Command(action, true));
        join();
    }

    private void run(Command command) {
        if (stopped) {
            throw new IllegalStateException("agent loop " + thread.getName() + " has stopped");
        }
        handOver();
        putUninterruptibly(command);
        boolean interrupted = false;
        while (true) {
            try {
                command.done.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true; // the command is running on the thread of control: wait for its end
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (command.error != null) {
            throw command.error;
        }
        if (command.failure != null) {
            throw command.failure;
        }
    }

    /**
     * An Ack arrived (Paho's thread): queued for the thread of control without waiting. When the queue is full the
     * Ack is dropped and counted ({@link #acksDropped}): Acks are cumulative and idempotent, so a later one covers
     * the same envelopes (a lost Ack costs only a re-send), and Paho's thread never waits on the agent. Dropped too
     * once the loop has stopped (a stopped agent deletes nothing).
     */
    void ackArrived(String topic, byte[] payload) {
        if (stopped) {
            return;
        }
        if (!queue.offer(new Ack(topic, payload))) {
            long dropped = ++acksDropped;
            if (Long.bitCount(dropped) == 1) { // 1, 2, 4, 8...: a storm logs a handful of lines
                LOG.warn("agent loop {}: queue full, an Ack on {} is dropped ({} so far; a later, cumulative Ack covers "
                        + "the same envelopes)", thread.getName(), topic, dropped);
            }
        }
    }

    /** Acks dropped because the queue was full (any thread; written by Paho's one callback thread). */
    long acksDropped() {
        return acksDropped;
    }

    /** Stops at once, as a power cut would: what is queued is dropped. Any thread but the thread of control. */
    void halt() {
        stopped = true;
        thread.interrupt();
        join();
    }

    private void join() {
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        try {
            while (!stopped) {
                Object message = queue.take();
                if (stopped) {
                    break;
                }
                if (message instanceof Observations slot) {
                    replay(slot);
                } else if (message instanceof Ack ack) {
                    applyAck(ack);
                } else if (message instanceof Command command) {
                    execute(command);
                    if (command.last) {
                        stopped = true;
                    }
                }
            }
        } catch (InterruptedException e) {
            // halt(): stop where we are, as a power cut would
        }
        LOG.debug("agent loop {} ended", thread.getName());
    }

    private void replay(Observations slot) {
        try {
            for (int i = 0; i < slot.size; i++) {
                switch (slot.type[i]) {
                    case START -> target.onStart(slot.messageId[i], KINDS[slot.kind[i]], VARIANTS[slot.variant[i]],
                            slot.epochNanos[i]);
                    case DEVICE_START -> target.onDeviceStart(slot.messageId[i], KINDS[slot.kind[i]],
                            VARIANTS[slot.variant[i]], slot.deviceId[i], slot.groupId[i], slot.epochNanos[i]);
                    default -> target.onEnd(slot.messageId[i], slot.epochNanos[i], slot.success[i]);
                }
            }
        } catch (RuntimeException e) {
            LOG.error("agent loop {}: an observation failed: {}", thread.getName(), e.toString(), e);
            if (observationFailure == null) {
                observationFailure = e;
            }
        } finally {
            slot.size = 0;
            free.add(slot);
        }
    }

    private void applyAck(Ack ack) {
        try {
            acks.apply(ack.topic(), ack.payload());
        } catch (RuntimeException e) {
            // An Ack must not stop the agent: the next (cumulative) Ack covers the same envelopes.
            LOG.warn("agent loop {}: could not apply an Ack on {}: {}", thread.getName(), ack.topic(), e.toString());
        }
    }

    private void execute(Command command) {
        try {
            RuntimeException earlier = observationFailure;
            observationFailure = null;
            if (earlier != null) {
                throw earlier;
            }
            command.action.run();
        } catch (RuntimeException e) {
            command.failure = e;
        } catch (Error e) {
            command.error = e;
        } finally {
            command.done.countDown();
        }
    }

    private static <T> T takeUninterruptibly(ArrayBlockingQueue<T> from) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return from.take();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void putUninterruptibly(Object message) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    queue.put(message);
                    return;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Wraps an I/O failure of a command's action for {@link #call}. */
    static UncheckedIOException unchecked(String what, IOException e) {
        return new UncheckedIOException(what + ": " + e.getMessage(), e);
    }
}
