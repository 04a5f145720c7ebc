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
import java.util.concurrent.locks.LockSupport;

/**
 * The agent's one thread of control. Port observations and the driver's ticks, flushes and stop arrive, in the
 * driver's order, through one lock-free single-producer ring ({@link SpscRing}); the collector's Acks, from Paho's
 * thread, through a bounded queue of their own ({@link ArrayBlockingQueue}), applied before the next observation or
 * command is taken (so an Ack that arrived before a command is applied before it). One thread consumes both; that
 * thread alone touches the measuring state (correlator, recorders, interval close, outbox writes and deletions), so
 * none of it needs a lock.
 *
 * <p>Observations travel in pre-allocated, reused slots ({@link Observations}, {@value #SLOTS} of
 * {@value #SLOT_CAPACITY} observations each): the port's thread fills one and hands it over when it is full or a
 * command follows, the thread of control replays it into the target listener and returns it through a second ring
 * to the free pool. When every slot is in use the port's thread waits (back-pressure on the source), never drops.
 * A side with nothing to do parks ({@link LockSupport#park}) after raising a volatile flag and looking once more;
 * the other side unparks it only when the flag is up, so the record path allocates nothing, not per event and not
 * per wait (a blocking queue's condition allocates a node each time a thread waits), and costs one fence per slot.
 *
 * <p>Commands ({@link #call}) are request and reply: the caller hands over the observations it produced before, then
 * waits until the thread of control has run the command, and gets its exception back; {@link #start} and
 * {@link #await} are its two halves, for a driver that runs a command on several loops at once. So after {@code tick()}
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

    /** Acks waiting for the thread of control, beyond which they are dropped (and counted). */
    static final int ACK_QUEUE = SLOTS + 64;

    /**
     * Filled slots and commands, in the driver's order. Room for every slot and a command (the driver waits for each
     * command, so at most one is in the ring), so an offer never fails.
     */
    private final SpscRing<Object> handed = new SpscRing<>(2 * SLOTS);
    /** Slots replayed and free for the driver to fill. */
    private final SpscRing<Observations> free = new SpscRing<>(SLOTS);
    private final ArrayBlockingQueue<Ack> ackQueue = new ArrayBlockingQueue<>(ACK_QUEUE);
    /** Up while the thread of control is about to park or parked: a producer then unparks it. */
    private volatile boolean loopWaiting;
    /** Up while the driver's thread waits for a free slot ({@link #driver} says which thread to unpark). */
    private volatile boolean driverWaiting;
    private volatile Thread driver;
    private final HanListener target;
    private final AckSink acks;
    private final Thread thread;
    /** The slot the driver's thread is filling, or null; only that thread touches it. */
    private Observations filling;
    private volatile boolean stopped;
    private volatile long acksDropped;
    /** The command handed over and not yet awaited, or null; driver's thread only. */
    private Command started;
    /** An observation's failure, rethrown to the next command's caller (thread of control only). */
    private RuntimeException observationFailure;

    /** Applies an Ack on the thread of control. */
    @FunctionalInterface
    interface AckSink {
        void apply(String topic, byte[] payload);
    }

    private record Ack(String topic, byte[] payload) {
    }

    /** A command handed to the thread of control: run once, then {@link #done} counts down. */
    static final class Command {
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
            free.offer(new Observations(SLOT_CAPACITY));
        }
        this.thread = new Thread(this::run, "pmr-agent-loop-" + agentId);
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void onStart(long messageId, EventKind kind, HubVariant variant, long startEpochNanos) {
        if (slot().addStart(messageId, kind, variant, startEpochNanos)) {
            handOver();
        }
    }

    @Override
    public void onDeviceStart(long messageId, EventKind kind, HubVariant variant, long deviceId, long groupId,
            long startEpochNanos) {
        if (slot().addDeviceStart(messageId, kind, variant, deviceId, groupId, startEpochNanos)) {
            handOver();
        }
    }

    @Override
    public void onEnd(long messageId, long endEpochNanos, boolean success) {
        if (slot().addEnd(messageId, endEpochNanos, success)) {
            handOver();
        }
    }

    private Observations slot() {
        Observations slot = filling;
        if (slot == null) {
            slot = free.poll();
            if (slot == null) {
                slot = awaitFreeSlot();
            }
            filling = slot;
        }
        return slot;
    }

    /**
     * Back-pressure: parks the driver's thread until the thread of control frees a slot. An interrupt does not end
     * the wait (the observation must not be lost); it is kept for the caller.
     *
     * @throws IllegalStateException if the loop has stopped (nothing will free a slot)
     */
    private Observations awaitFreeSlot() {
        boolean interrupted = false;
        try {
            while (true) {
                driver = Thread.currentThread();
                driverWaiting = true;
                Observations slot = free.poll(); // look again after raising the flag: no wake-up is missed
                if (slot != null) {
                    return slot;
                }
                if (stopped) {
                    throw new IllegalStateException("agent loop " + thread.getName() + " has stopped");
                }
                LockSupport.park(this);
                interrupted |= Thread.interrupted();
            }
        } finally {
            driverWaiting = false;
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Hands the slot being filled (if any) to the thread of control. Driver's thread. */
    private void handOver() {
        Observations slot = filling;
        if (slot != null && !slot.isEmpty()) {
            filling = null;
            publish(slot);
        }
    }

    /** Puts a slot or command in the ring and wakes the thread of control if it waits. Driver's thread. */
    private void publish(Object message) {
        if (!handed.offer(message)) {
            // Cannot happen: the ring has room for every slot and the one command the driver waits for.
            throw new IllegalStateException("agent loop " + thread.getName() + ": hand-over ring full");
        }
        if (loopWaiting) {
            LockSupport.unpark(thread);
        }
    }

    /**
     * Runs {@code action} on the thread of control after every observation handed over before, and waits for it.
     * Its unchecked exception (an {@link UncheckedIOException} for an I/O failure) is rethrown here, as is an earlier
     * observation's failure. Driver's thread.
     *
     * @throws IllegalStateException if the loop has stopped, or a command {@link #start started} is not yet awaited
     */
    void call(Runnable action) {
        await(start(action));
    }

    /** As {@link #call}, then the thread of control ends (after the action, even when it throws). */
    void callAndStop(Runnable action) {
        Command command = new Command(action, true);
        hand(command);
        await(command);
        join();
    }

    /**
     * The first half of {@link #call}: hands {@code action} to the thread of control after every observation handed
     * over before, and returns at once, so a driver of several agents can start a command on each before it waits
     * for any ({@link Agent#tickAll}). The driver must {@link #await} it before it starts another command on this
     * loop (one command at a time: the hand-over ring has room for one). Driver's thread.
     *
     * @throws IllegalStateException if the loop has stopped, or a command started before is not yet awaited
     */
    Command start(Runnable action) {
        Command command = new Command(action, false);
        hand(command);
        return command;
    }

    /**
     * The second half of {@link #call}: waits until the thread of control has run {@code command} (an interrupt does
     * not end the wait: the command runs; the interrupt is kept for the caller), then rethrows its failure, or an
     * earlier observation's. Driver's thread.
     */
    void await(Command command) {
        boolean interrupted = false;
        while (true) {
            try {
                command.done.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true; // the command is running on the thread of control: wait for its end
            }
        }
        if (started == command) {
            started = null;
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

    private void hand(Command command) {
        if (stopped) {
            throw new IllegalStateException("agent loop " + thread.getName() + " has stopped");
        }
        if (started != null) {
            throw new IllegalStateException("agent loop " + thread.getName() + ": a command was started and not awaited");
        }
        started = command;
        handOver();
        publish(command);
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
        if (ackQueue.offer(new Ack(topic, payload))) {
            if (loopWaiting) {
                LockSupport.unpark(thread);
            }
        } else {
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
        while (!stopped) {
            Ack ack;
            while (!stopped && (ack = ackQueue.poll()) != null) {
                applyAck(ack);
            }
            Object message = handed.poll();
            if (message == null) {
                awaitWork();
            } else if (stopped) {
                break;
            } else if (message instanceof Observations slot) {
                replay(slot);
            } else if (message instanceof Command command) {
                execute(command);
                if (command.last) {
                    stopped = true;
                }
            }
        }
        LOG.debug("agent loop {} ended", thread.getName());
    }

    /** Parks the thread of control until a slot, a command or an Ack arrives; an interrupt (halt()) stops the loop. */
    private void awaitWork() {
        loopWaiting = true;
        if (handed.isEmpty() && ackQueue.isEmpty() && !stopped) { // look again after raising the flag
            LockSupport.park(this);
        }
        loopWaiting = false;
        if (Thread.interrupted()) {
            stopped = true; // halt(), or an interrupt from elsewhere: stop where we are, as a power cut would
        }
    }

    private void replay(Observations slot) {
        try {
            slot.replayInto(target);
        } catch (RuntimeException e) {
            LOG.error("agent loop {}: an observation failed: {}", thread.getName(), e.toString(), e);
            if (observationFailure == null) {
                observationFailure = e;
            }
        } finally {
            slot.clear();
            free.offer(slot); // never full: it has room for every slot
            if (driverWaiting) {
                LockSupport.unpark(driver);
            }
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

    /** Wraps an I/O failure of a command's action for {@link #call}. */
    static UncheckedIOException unchecked(String what, IOException e) {
        return new UncheckedIOException(what + ": " + e.getMessage(), e);
    }
}
