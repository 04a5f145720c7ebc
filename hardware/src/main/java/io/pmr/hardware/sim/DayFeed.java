package io.pmr.hardware.sim;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The rig's days ready for delivery, each prepared one day ahead on a thread of its own: while the rig delivers a
 * day, the next is generated, counted into the {@link RigFrame.Tally} and scheduled ({@link DaySchedule}), so the
 * thread that advances the rig (and runs the agents' listeners) no longer stops at each midnight for the second or
 * two a 30,000-hub day takes. The days, their order and the schedules are exactly those of preparing each when it is
 * due: each day is prepared after the one before it, by the same code, from the same streams.
 *
 * <p>Memory: at most two days at once (the one being delivered, the next).
 *
 * <p>Threading: {@link #hasNext}, {@link #nextDayStartEpochNanos} and {@link #next} are called from one thread (the
 * rig's); the preparation runs on a daemon thread {@code pmr-rig-days}, one day at a time, each handed over through
 * its {@link Future} (which orders its writes before the reader's). The thread ends once the last day is handed
 * out, or when it has waited {@value #KEEP_ALIVE_SECONDS} s for a rig that stopped advancing.
 */
final class DayFeed {
    /** A day's events, per region in region order, and their observations in delivery order. */
    record Day(RegionEvents[] events, DaySchedule schedule) {
    }

    /** How long the preparing thread waits idle for the next day before it ends. */
    private static final long KEEP_ALIVE_SECONDS = 30;

    private final DayStream days;
    private final RigFrame.Tally tally;
    private final Consumer<RigFrame.Tally> onLastDay;
    private final DaySchedule.Carry carry = new DaySchedule.Carry();
    private final ThreadPoolExecutor preparer;
    /** Days handed out; the one after is being prepared in {@link #pending}. */
    private int handedOut;
    private Future<Day> pending;

    /**
     * @param days      sorted days ({@code new DayStream(..., true)}), not read by anyone else
     * @param tally     counts every day as it is prepared
     * @param onLastDay told, on the preparing thread, once the last day is counted
     */
    DayFeed(DayStream days, RigFrame.Tally tally, Consumer<RigFrame.Tally> onLastDay) {
        this.days = days;
        this.tally = tally;
        this.onLastDay = onLastDay;
        // One thread, kept while days keep coming (a 30,000-hub day takes seconds to deliver), ended when idle.
        this.preparer = new ThreadPoolExecutor(1, 1, KEEP_ALIVE_SECONDS, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                runnable -> {
            Thread thread = new Thread(runnable, "pmr-rig-days");
            thread.setDaemon(true);
            return thread;
        });
        preparer.allowCoreThreadTimeOut(true);
        this.pending = days.hasNext() ? preparer.submit(this::prepare) : null;
    }

    boolean hasNext() {
        return handedOut < days.days();
    }

    /** First instant of the next day ({@code Long.MIN_VALUE} for the first). */
    long nextDayStartEpochNanos() {
        return days.dayStartEpochNanos(handedOut);
    }

    /** The next day, waiting for its preparation if it is not done; starts preparing the one after. */
    Day next() {
        if (!hasNext()) {
            throw new IllegalStateException("no day after the last");
        }
        Day day;
        try {
            day = pending.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the rig's next day", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException("cannot prepare the rig's next day", e.getCause());
        }
        handedOut++;
        if (hasNext()) {
            pending = preparer.submit(this::prepare);
        } else {
            pending = null;
            preparer.shutdown();
        }
        return day;
    }

    /** Runs on the preparing thread, one call at a time, in day order. */
    private Day prepare() {
        RegionEvents[] events = days.next();
        for (RegionEvents region : events) {
            tally.add(region);
        }
        long dayEnd = days.hasNext() ? days.nextDayStartEpochNanos() : Long.MAX_VALUE;
        if (!days.hasNext()) {
            onLastDay.accept(tally);
        }
        return new Day(events, DaySchedule.of(events, carry, dayEnd));
    }
}
