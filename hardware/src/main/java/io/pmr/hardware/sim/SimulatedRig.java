package io.pmr.hardware.sim;

import io.pmr.hardware.EventKind;
import io.pmr.hardware.HanListener;
import io.pmr.hardware.HanPort;
import io.pmr.hardware.Region;
import io.pmr.model.UkCalendar;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An in-process simulated comms-hub test rig: hubs in the three regions, one {@link HanPort} per region,
 * every observation generated from the scenario's seed and delivered on a {@link VirtualClock} as the
 * caller advances it. It knows its {@link GroundTruth}, so tests compare the product's figures with what
 * really happened.
 *
 * <p>Memory does not grow with the month: the events are generated and sorted one UK day at a time
 * ({@link DayStream}), once up front to count the truth and again, day by day, as the clock reaches each
 * day; only ends that fall on a later day are carried over. The events, their ids and their delivery order
 * are exactly those of generating the whole month at once.
 *
 * <p>Deterministic: equal scenarios give the same observations, in the same order, and the same truth.
 *
 * <p>Threading: {@link #advanceTo} is called from one thread, which also runs the listeners;
 * {@link #clock()} is readable from any thread.
 */
public final class SimulatedRig {
    private static final Logger LOG = LoggerFactory.getLogger(SimulatedRig.class);
    private static final long ONE_MINUTE_NANOS = 60L * 1_000_000_000L;

    private final RigScenario scenario;
    private final VirtualClock clock;
    private final SimPort[] ports;
    private final RigProfile profile;
    private final RigWindow window;
    private final DayStream days;
    private final DaySchedule.Carry carry = new DaySchedule.Carry();
    /** The events of the day being delivered, per region. */
    private RegionEvents[] today = new RegionEvents[0];
    private DaySchedule schedule = DaySchedule.EMPTY;
    private final GroundTruth groundTruth;
    private final long eventCount;
    private final long observationCount;
    private final long simulationStartEpochNanos;
    private final long simulationEndEpochNanos;
    private int cursor;

    private SimulatedRig(RigScenario scenario, RigProfile profile) {
        this.scenario = scenario;
        this.profile = profile;
        this.window = RigWindow.of(scenario.period());
        Map<EventKind, Long> trtNanos = new EnumMap<>(EventKind.class);
        long largestTrtNanos = 0;
        for (EventKind kind : EventKind.every()) {
            if (!scenario.generates(kind)) {
                continue; // the whole simulation's kinds only when asked for: today's window otherwise
            }
            trtNanos.put(kind, scenario.trtNanos(kind));
            largestTrtNanos = Math.max(largestTrtNanos, scenario.trtNanos(kind));
        }
        // Whole simulation: a firmware retry may start two TRTs after its first attempt, and an SMWAN connection
        // comes up to 92 days after its install (ends are never attributed, but keep room).
        UkCalendar.Months periods = UkCalendar.months(scenario.period().minusMonths(1),
                scenario.period().plusMonths(scenario.wholeSimulation() ? 5 : 1));
        Map<String, List<long[]>> maintenance = new java.util.TreeMap<>();
        if (scenario.wholeSimulation()) {
            for (Region region : Region.values()) {
                for (EventKind kind : AvailabilityGenerator.probeKinds(region)) {
                    maintenance.put(kind.measureId(region),
                            AvailabilityGenerator.maintenanceWindows(scenario, window, region, kind));
                }
            }
        }
        // First pass, a day at a time and unsorted: the truth, and the counts and instants that frame the run.
        DayStream counting = new DayStream(scenario, profile, window, false);
        GroundTruth.Counter counter = new GroundTruth.Counter(trtNanos, periods);
        long lastStart = window.simulationStartEpochNanos();
        long lastObservation = Long.MIN_VALUE;
        long events = 0;
        long observations = 0;
        while (counting.hasNext()) {
            for (RegionEvents day : counting.next()) {
                counter.add(day);
                for (int i = 0; i < day.size(); i++) {
                    long start = day.startEpochNanos(i);
                    lastStart = Math.max(lastStart, start);
                    lastObservation = Math.max(lastObservation, day.lost(i) ? start : day.endEpochNanos(i));
                    observations += day.lost(i) ? 1 : 2;
                }
                events += day.size();
            }
        }
        groundTruth = counter.truth(counting.extrasSorted(), maintenance);
        eventCount = events;
        observationCount = observations;
        days = new DayStream(scenario, profile, window, true);

        simulationStartEpochNanos = window.simulationStartEpochNanos();
        // Late ends may come after every deadline has passed; end no earlier than them, so that
        // advancing to the end delivers every observation.
        simulationEndEpochNanos = Math.max(lastStart + largestTrtNanos + ONE_MINUTE_NANOS, lastObservation);
        clock = new VirtualClock(simulationStartEpochNanos);
        ports = new SimPort[Region.values().length];
        for (Region region : Region.values()) {
            ports[region.ordinal()] = new SimPort(region, clock);
        }
    }

    /** Generates a rig with the default rates and distributions. */
    public static SimulatedRig create(RigScenario scenario) {
        return create(scenario, RigProfile.defaults());
    }

    static SimulatedRig create(RigScenario scenario, RigProfile profile) {
        Objects.requireNonNull(scenario, "scenario");
        Objects.requireNonNull(profile, "profile");
        SimulatedRig rig = new SimulatedRig(scenario, profile);
        LOG.info("simulated rig seed={} hubs={} period={}: {} events, {} observations, from {} to {} epoch ns",
                scenario.seed(), scenario.hubs(), scenario.period(), rig.eventCount(), rig.observationCount(),
                rig.simulationStartEpochNanos, rig.simulationEndEpochNanos);
        return rig;
    }

    public RigScenario scenario() {
        return scenario;
    }

    /** The clock every port's observations are stamped with; starts at {@link #simulationStartEpochNanos()}. */
    public VirtualClock clock() {
        return clock;
    }

    /** One day before the period starts (Europe/London), UTC epoch nanoseconds. */
    public long simulationStartEpochNanos() {
        return simulationStartEpochNanos;
    }

    /**
     * After the last start + the largest TRT + 1 minute, so every event is final by then, and at or after
     * the last observation (late ends included), so advancing to it delivers everything.
     */
    public long simulationEndEpochNanos() {
        return simulationEndEpochNanos;
    }

    /** The port of a region; its {@link HanPort#timeSource()} is {@link #clock()}. */
    public HanPort port(Region region) {
        return ports[Objects.requireNonNull(region, "region").ordinal()];
    }

    /**
     * Delivers, to each attached listener, every observation with timestamp {@code <= epochNanos} not
     * yet delivered, in timestamp order (a start before its end; ties by region, then message id), then
     * sets the clock to {@code epochNanos}. While a listener runs, the clock reads the observation's
     * timestamp. Observations of a port without listener are dropped (the truth still counts them).
     * If a listener throws, the observation counts as consumed and the exception propagates.
     *
     * @return how many observations were delivered to listeners (dropped ones excluded)
     * @throws IllegalArgumentException if {@code epochNanos} is before the clock
     */
    public long advanceTo(long epochNanos) {
        if (epochNanos < clock.epochNanos()) {
            throw new IllegalArgumentException("cannot advance the rig back from " + clock.epochNanos() + " to " + epochNanos);
        }
        long delivered = 0;
        while (true) {
            if (cursor == schedule.size()) {
                // A day's observations all fall in it: the next day's are due once the clock reaches its start.
                if (!days.hasNext() || days.nextDayStartEpochNanos() > epochNanos) {
                    break;
                }
                loadNextDay();
                continue;
            }
            if (schedule.timeEpochNanos(cursor) > epochNanos) {
                break;
            }
            int position = cursor++;
            long timestamp = schedule.timeEpochNanos(position);
            if (timestamp > clock.epochNanos()) {
                clock.advanceTo(timestamp);
            }
            HanListener listener = ports[schedule.regionOrdinal(position)].listener();
            if (listener == null) {
                continue;
            }
            long messageId = schedule.messageId(position);
            if (schedule.isEnd(position)) {
                listener.onEnd(messageId, timestamp, schedule.success(position));
                delivered++;
                continue;
            }
            RegionEvents events = today[schedule.regionOrdinal(position)];
            int index = (int) (messageId - events.firstMessageId());
            if (events.kind(index).perDevice()) {
                listener.onDeviceStart(events.messageId(index), events.kind(index), events.variant(index),
                        events.deviceId(index), events.groupId(index), timestamp);
            } else {
                listener.onStart(events.messageId(index), events.kind(index), events.variant(index), timestamp);
            }
            delivered++;
        }
        clock.advanceTo(epochNanos);
        return delivered;
    }

    /** What really happened, per measure and period. */
    public GroundTruth groundTruth() {
        return groundTruth;
    }

    private void loadNextDay() {
        long dayStart = days.nextDayStartEpochNanos();
        today = null; // let the finished day go before the next one is generated
        schedule = null;
        today = days.next();
        long dayEnd = days.hasNext() ? days.nextDayStartEpochNanos() : Long.MAX_VALUE;
        schedule = DaySchedule.of(today, carry, dayEnd);
        cursor = 0;
        LOG.debug("rig day from {} epoch ns: {} observations, {} ends carried to later days", dayStart,
                schedule.size(), carry.size());
    }

    /** Number of observations generated (delivered or to be delivered, or dropped). */
    long observationCount() {
        return observationCount;
    }

    long eventCount() {
        return eventCount;
    }

    /**
     * Every event of a region, the whole month at once (generated again, as the rig did before it streamed):
     * for tests, which compare it with what the rig delivers. Not for large scenarios.
     */
    RegionEvents events(Region region) {
        return new EventGenerator(scenario, profile, window).generate(region);
    }
}
