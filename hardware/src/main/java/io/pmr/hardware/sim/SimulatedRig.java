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
 * every observation generated up front from the scenario's seed and delivered on a {@link VirtualClock}
 * as the caller advances it. It knows its {@link GroundTruth}, so tests compare the product's figures
 * with what really happened.
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
    private final RegionEvents[] eventsByRegion;
    private final ObservationSchedule schedule;
    private final GroundTruth groundTruth;
    private final long simulationStartEpochNanos;
    private final long simulationEndEpochNanos;
    private int cursor;

    private SimulatedRig(RigScenario scenario, RigProfile profile) {
        this.scenario = scenario;
        RigWindow window = RigWindow.of(scenario.period());
        EventGenerator generator = new EventGenerator(scenario, profile, window);
        List<RegionEvents> regions = new ArrayList<>();
        for (Region region : Region.values()) {
            regions.add(generator.generate(region));
        }
        eventsByRegion = regions.toArray(new RegionEvents[0]);
        schedule = ObservationSchedule.of(regions);
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
        Map<Region, List<long[]>> maintenance = new EnumMap<>(Region.class);
        if (scenario.wholeSimulation()) {
            for (Region region : Region.values()) {
                maintenance.put(region, AvailabilityGenerator.maintenanceWindows(scenario, window, region));
            }
        }
        groundTruth = GroundTruth.compute(regions, trtNanos, periods, maintenance);

        long lastStart = window.simulationStartEpochNanos();
        for (RegionEvents events : regions) {
            if (events.size() > 0) {
                lastStart = Math.max(lastStart, events.startEpochNanos(events.size() - 1));
            }
        }
        simulationStartEpochNanos = window.simulationStartEpochNanos();
        // Late ends may come after every deadline has passed; end no earlier than them, so that
        // advancing to the end delivers every observation.
        simulationEndEpochNanos = Math.max(lastStart + largestTrtNanos + ONE_MINUTE_NANOS, schedule.lastTimeEpochNanos());
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
                scenario.seed(), scenario.hubs(), scenario.period(), rig.eventCount(), rig.schedule.size(),
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
        int size = schedule.size();
        while (cursor < size && schedule.timeEpochNanos(cursor) <= epochNanos) {
            int position = cursor++;
            long timestamp = schedule.timeEpochNanos(position);
            if (timestamp > clock.epochNanos()) {
                clock.advanceTo(timestamp);
            }
            HanListener listener = ports[schedule.regionOrdinal(position)].listener();
            if (listener == null) {
                continue;
            }
            RegionEvents events = eventsByRegion[schedule.regionOrdinal(position)];
            int index = schedule.eventIndex(position);
            if (schedule.isEnd(position)) {
                listener.onEnd(events.messageId(index), timestamp, events.success(index));
            } else if (events.kind(index).perDevice()) {
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

    /** Number of observations generated (delivered or to be delivered, or dropped). */
    long observationCount() {
        return schedule.size();
    }

    long eventCount() {
        long count = 0;
        for (RegionEvents events : eventsByRegion) {
            count += events.size();
        }
        return count;
    }

    RegionEvents events(Region region) {
        return eventsByRegion[region.ordinal()];
    }
}
