package io.pmr.hardware.sim;

import io.pmr.hardware.EventKind;
import io.pmr.model.UkCalendar;

import java.util.List;
import java.util.Map;

/**
 * What frames a rig's run: its truth, how many events and observations it generates, and the instant by which every
 * one is delivered and final.
 *
 * @param truth                   what really happened
 * @param events                  events generated
 * @param observations            observations generated (a lost event has only its start)
 * @param simulationEndEpochNanos after the last start + the largest TRT + 1 minute, at or after the last observation,
 *                                and after the last day's start
 * @param byDelivery              counted from the days loaded for delivery rather than by a pass of its own
 */
record RigFrame(GroundTruth truth, long events, long observations, long simulationEndEpochNanos, boolean byDelivery) {
    private static final long ONE_MINUTE_NANOS = 60L * 1_000_000_000L;

    /** Counts days of events, in any order, into a frame. Single-threaded. */
    static final class Tally {
        private final GroundTruth.Counter counter;
        private long lastStart;
        private long lastObservation = Long.MIN_VALUE;
        private long events;
        private long observations;

        Tally(Map<EventKind, Long> trtNanos, UkCalendar.Months periods, RigWindow window) {
            this.counter = new GroundTruth.Counter(trtNanos, periods);
            this.lastStart = window.simulationStartEpochNanos();
        }

        void add(RegionEvents day) {
            counter.add(day);
            for (int i = 0; i < day.size(); i++) {
                long start = day.startEpochNanos(i);
                lastStart = Math.max(lastStart, start);
                lastObservation = Math.max(lastObservation, day.lost(i) ? start : day.endEpochNanos(i));
                observations += day.lost(i) ? 1 : 2;
            }
            events += day.size();
        }

        RigFrame frame(List<RegionEvents> extrasSorted, Map<String, List<long[]>> maintenance, long largestTrtNanos,
                       long lastDayStartEpochNanos, boolean byDelivery) {
            // Late ends may come after every deadline has passed; end no earlier than them, so that advancing to the
            // end delivers every observation. After the last day's start too (the month-edge starts at the period's
            // end already put it there), so that a caller may step to that day before asking for the end.
            long end = Math.max(lastStart + largestTrtNanos + ONE_MINUTE_NANOS, lastObservation);
            end = Math.max(end, lastDayStartEpochNanos + ONE_MINUTE_NANOS);
            return new RigFrame(counter.truth(extrasSorted, maintenance), events, observations, end, byDelivery);
        }
    }
}
