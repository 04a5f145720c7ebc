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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * An in-process simulated comms-hub test rig: hubs in the three regions, one {@link HanPort} per region,
 * every observation generated from the scenario's seed and delivered on a {@link VirtualClock} as the
 * caller advances it. It knows its {@link GroundTruth}, so tests compare the product's figures with what
 * really happened.
 *
 * <p>Memory does not grow with the month: the events are generated and sorted a slice of a UK day at a time
 * ({@link DayStream}, {@link #SLICE_NANOS}); only ends that fall in a later slice are carried over. Each slice is
 * prepared (generated, counted into the truth, scheduled) on a thread of the rig's own while the slice before it is
 * delivered, so the thread that advances the rig, and the listeners it runs, do not wait for the generation at each
 * slice's start; slices are prepared one at a time and in order, so what is delivered does not depend on the
 * threads' timing. The events, their ids and their delivery order are exactly those of generating the whole month at
 * once.
 * The truth, the event counts and the simulation's end are counted from the days as they are loaded for delivery,
 * so a run that asks for them only after reaching {@link #lastDayStartEpochNanos()} (the demo) generates the month
 * once; asked earlier, the rig generates it once more, unsorted, to count it (what it always did up front).
 *
 * <p>Deterministic: equal scenarios give the same observations, in the same order, and the same truth.
 *
 * <p>Threading: {@link #advanceTo} is called from one thread, which also runs the listeners;
 * {@link #clock()} is readable from any thread. The preparing thread ({@code pmr-rig-days}, a daemon) exists only
 * while a slice is being prepared or was prepared in the last second, so a rig left unfinished needs no closing.
 */
public final class SimulatedRig {
    private static final Logger LOG = LoggerFactory.getLogger(SimulatedRig.class);
    /**
     * The longest slice of a day the rig generates at once: 3 hours, so that at 30,000 hubs a slice's arrays (about
     * 8 MB of events and schedule) are small enough to be held twice, one slice delivered while the next is prepared,
     * and its builders' arrays die young; each slice costs a pass over every hub's stream, which is why not smaller.
     */
    static final long SLICE_NANOS = 3L * 3600 * 1_000_000_000L;
    /** Sets of kept arrays: the slice delivered and the one being prepared. */
    private static final int KEPT_SETS = 2;

    private final RigScenario scenario;
    private final VirtualClock clock;
    private final SimPort[] ports;
    private final RigProfile profile;
    private final RigWindow window;
    private final DayStream days;
    /** Preparing thread only (the slices are prepared in order, one at a time). */
    private final DaySchedule.Carry carry = new DaySchedule.Carry();
    /** The arrays each slice's schedule is built in, slice s in {@code s % KEPT_SETS}. Preparing thread only. */
    private final DaySchedule.Kept[] scheduleArrays;
    /** What the slices prepared so far held: the frame once the last is prepared. Preparing thread only. */
    private final RigFrame.Tally delivered;
    /** Runs {@link #prepare}, one slice at a time. */
    private final ExecutorService preparer;
    /** The next slice for delivery, being prepared or ready; null once the last is loaded. Delivery thread only. */
    private Future<Slice> nextSlice;
    /** Slices loaded for delivery so far. Delivery thread only. */
    private int loadedSlices;
    /** The events of the slice being delivered, per region. */
    private RegionEvents[] today = new RegionEvents[0];
    private DaySchedule schedule = DaySchedule.EMPTY;
    private final Map<EventKind, Long> trtNanos;
    private final UkCalendar.Months periods;
    private final Map<String, List<long[]>> maintenance;
    private final long largestTrtNanos;
    /** The truth and the counts that frame the run, once known; guarded by {@code this}. */
    private RigFrame frame;
    private final long simulationStartEpochNanos;
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
        this.trtNanos = trtNanos;
        this.periods = periods;
        this.maintenance = maintenance;
        this.largestTrtNanos = largestTrtNanos;
        simulationStartEpochNanos = window.simulationStartEpochNanos();
        // A slice is held while delivered and the next one prepared, no longer: two sets of kept arrays.
        days = new DayStream(scenario, profile, window, true, KEPT_SETS, SLICE_NANOS);
        scheduleArrays = new DaySchedule.Kept[KEPT_SETS];
        for (int set = 0; set < KEPT_SETS; set++) {
            scheduleArrays[set] = new DaySchedule.Kept();
        }
        delivered = new RigFrame.Tally(trtNanos, periods, window);
        ThreadPoolExecutor preparer = new ThreadPoolExecutor(1, 1, 1, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                task -> {
                    Thread thread = new Thread(task, "pmr-rig-days");
                    thread.setDaemon(true);
                    return thread;
                });
        preparer.allowCoreThreadTimeOut(true);
        this.preparer = preparer;
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
        LOG.info("simulated rig seed={} hubs={} period={}: {} slices of days from {} epoch ns", scenario.seed(), scenario.hubs(),
                scenario.period(), rig.days.days(), rig.simulationStartEpochNanos);
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
     * the last observation (late ends included), so advancing to it delivers everything; always after
     * {@link #lastDayStartEpochNanos()}.
     *
     * <p>Known at once after the rig has been advanced to {@link #lastDayStartEpochNanos()}; asked before, it
     * generates the month a first time to find it (see {@link #groundTruth()}).
     */
    public long simulationEndEpochNanos() {
        return frame().simulationEndEpochNanos();
    }

    /**
     * The first instant of the rig's last day (London midnights bound its days). Once advanced to it, the rig has
     * generated every event, and {@link #simulationEndEpochNanos()} and {@link #groundTruth()} answer from what it
     * generated for delivery, without a pass of their own. Before {@link #simulationEndEpochNanos()}.
     */
    public long lastDayStartEpochNanos() {
        return days.lastDayStartEpochNanos();
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
                // A slice's observations all fall in it: the next slice's are due once the clock reaches its start.
                if (loadedSlices == days.days() || days.dayStartEpochNanos(loadedSlices) > epochNanos) {
                    break;
                }
                loadNextSlice();
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

    /**
     * What really happened, per measure and period. Counted from the days the rig generates for delivery, so
     * after {@link #advanceTo} has reached {@link #lastDayStartEpochNanos()} it costs nothing more; asked before
     * (tests compare the truth up front), the rig generates the month once more, unsorted, a day at a time, and
     * counts it: the same events, so the same truth.
     *
     * <p>Threading: may be called from any thread.
     */
    public GroundTruth groundTruth() {
        return frame().truth();
    }

    /** A slice ready for delivery: its events per region and its schedule, in the kept arrays of its set. */
    private record Slice(long startEpochNanos, RegionEvents[] events, DaySchedule schedule) {
    }

    /**
     * Takes the next slice, prepared while the one before was delivered (or now, for the first), and starts preparing
     * the one after it. The slice after is prepared in the other set of kept arrays: the one just finished is not
     * touched until this slice is finished too.
     */
    private void loadNextSlice() {
        if (nextSlice == null) {
            nextSlice = preparer.submit(this::prepare);
        }
        Slice slice = await(nextSlice);
        loadedSlices++;
        today = slice.events();
        schedule = slice.schedule();
        cursor = 0;
        nextSlice = loadedSlices < days.days() ? preparer.submit(this::prepare) : null;
        LOG.debug("rig slice from {} epoch ns: {} observations", slice.startEpochNanos(), schedule.size());
    }

    private static Slice await(Future<Slice> slice) {
        try {
            return slice.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the rig's next slice", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException("the rig's next slice failed", cause);
        }
    }

    /** On the preparing thread: generates the next slice, counts it into the truth and schedules it. */
    private Slice prepare() {
        long sliceStart = days.nextDayStartEpochNanos();
        int set = days.nextDayIndex() % KEPT_SETS;
        RegionEvents[] events = days.next();
        long sliceEnd = days.hasNext() ? days.nextDayStartEpochNanos() : Long.MAX_VALUE;
        if (!framed()) { // a counting pass framed the run already (asked early): no second count
            for (RegionEvents regionEvents : events) {
                delivered.add(regionEvents);
            }
            if (!days.hasNext()) {
                frameFromDelivery();
            }
        }
        DaySchedule sliceSchedule = DaySchedule.of(events, carry, sliceEnd, scheduleArrays[set]);
        LOG.debug("rig slice from {} epoch ns prepared: {} observations, {} ends carried to later slices", sliceStart,
                sliceSchedule.size(), carry.size());
        return new Slice(sliceStart, events, sliceSchedule);
    }

    /** Number of observations generated (delivered or to be delivered, or dropped). */
    long observationCount() {
        return frame().observations();
    }

    long eventCount() {
        return frame().events();
    }

    private synchronized boolean framed() {
        return frame != null;
    }

    /** Whether the frame (truth, counts, end) is known and came from the days delivered, not a pass of its own. */
    synchronized boolean framedByDelivery() {
        return frame != null && frame.byDelivery();
    }

    /** The last day has been loaded for delivery: the frame from its tally, unless a counting pass made it first. */
    private synchronized void frameFromDelivery() {
        if (frame == null) {
            frame = delivered.frame(days.extrasSorted(), maintenance, largestTrtNanos, days.lastDayStartEpochNanos(), true);
            logFrame("from the days delivered");
        }
    }

    /**
     * The frame: from the delivery's tallies once the last day is loaded, otherwise from a pass of its own over
     * the month (a day at a time and unsorted, on its own streams, so delivery is unaffected).
     */
    private synchronized RigFrame frame() {
        if (frame == null) {
            DayStream counting = new DayStream(scenario, profile, window, false, true); // each day counted, then let go
            RigFrame.Tally tally = new RigFrame.Tally(trtNanos, periods, window);
            while (counting.hasNext()) {
                for (RegionEvents day : counting.next()) {
                    tally.add(day);
                }
            }
            frame = tally.frame(counting.extrasSorted(), maintenance, largestTrtNanos, counting.lastDayStartEpochNanos(),
                    false);
            logFrame("by a counting pass");
        }
        return frame;
    }

    private void logFrame(String how) {
        LOG.info("simulated rig seed={} hubs={} period={}: {} events, {} observations, from {} to {} epoch ns (counted {})",
                scenario.seed(), scenario.hubs(), scenario.period(), frame.events(), frame.observations(),
                simulationStartEpochNanos, frame.simulationEndEpochNanos(), how);
    }

    /**
     * Every event of a region, the whole month at once (generated again, as the rig did before it streamed):
     * for tests, which compare it with what the rig delivers. Not for large scenarios.
     */
    RegionEvents events(Region region) {
        return new EventGenerator(scenario, profile, window).generate(region);
    }
}
