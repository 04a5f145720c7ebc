package io.pmr.hardware.sim;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.Delayed;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A deterministic scheduler on a {@link VirtualClock}: tasks run only inside {@link #runUntil}, on the
 * calling thread, in due-time order (ties in submission order), with the clock set to each task's due
 * time. Only one-shot {@code schedule} and {@code execute} are supported. For simulations and tests that
 * run scheduled work (a responder's replies, a sender's fixed schedule) on virtual time, without sleeping.
 *
 * <p>Threading: one thread drives {@link #runUntil}; tasks may be submitted from it.
 */
public final class ManualScheduler extends AbstractExecutorService implements ScheduledExecutorService {
    private final VirtualClock clock;
    private final PriorityQueue<Task> queue = new PriorityQueue<>(
            Comparator.comparingLong((Task t) -> t.dueEpochNanos).thenComparingLong(t -> t.sequence));
    private long nextSequence;
    private boolean shutdown;

    public ManualScheduler(VirtualClock clock) {
        this.clock = clock;
    }

    /** Runs every task due at or before {@code epochNanos}, then leaves the clock there. */
    public void runUntil(long epochNanos) {
        while (!queue.isEmpty() && queue.peek().dueEpochNanos <= epochNanos) {
            Task task = queue.poll();
            if (task.cancelled) {
                continue;
            }
            clock.advanceTo(Math.max(clock.epochNanos(), task.dueEpochNanos));
            task.done = true;
            task.runnable.run();
        }
        clock.advanceTo(Math.max(clock.epochNanos(), epochNanos));
    }

    public int pendingTasks() {
        return (int) queue.stream().filter(t -> !t.cancelled).count();
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
        Task task = new Task(command, clock.epochNanos() + Math.max(0, unit.toNanos(delay)), nextSequence++);
        queue.add(task);
        return task;
    }

    @Override
    public void execute(Runnable command) {
        schedule(command, 0, TimeUnit.NANOSECONDS);
    }

    @Override
    public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
        throw new UnsupportedOperationException();
    }

    @Override
    public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
        throw new UnsupportedOperationException();
    }

    @Override
    public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay, TimeUnit unit) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void shutdown() {
        shutdown = true;
    }

    @Override
    public List<Runnable> shutdownNow() {
        shutdown = true;
        List<Runnable> left = new ArrayList<>();
        queue.forEach(t -> left.add(t.runnable));
        queue.clear();
        return left;
    }

    @Override
    public boolean isShutdown() {
        return shutdown;
    }

    @Override
    public boolean isTerminated() {
        return shutdown && queue.isEmpty();
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) {
        return isTerminated();
    }

    private final class Task implements ScheduledFuture<Object> {
        final Runnable runnable;
        final long dueEpochNanos;
        final long sequence;
        boolean cancelled;
        boolean done;

        Task(Runnable runnable, long dueEpochNanos, long sequence) {
            this.runnable = runnable;
            this.dueEpochNanos = dueEpochNanos;
            this.sequence = sequence;
        }

        @Override
        public long getDelay(TimeUnit unit) {
            return unit.convert(dueEpochNanos - clock.epochNanos(), TimeUnit.NANOSECONDS);
        }

        @Override
        public int compareTo(Delayed other) {
            return Long.compare(getDelay(TimeUnit.NANOSECONDS), other.getDelay(TimeUnit.NANOSECONDS));
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            if (done) {
                return false;
            }
            cancelled = true;
            return true;
        }

        @Override
        public boolean isCancelled() {
            return cancelled;
        }

        @Override
        public boolean isDone() {
            return done || cancelled;
        }

        @Override
        public Object get() {
            return null;
        }

        @Override
        public Object get(long timeout, TimeUnit unit) {
            return null;
        }
    }
}
