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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

/**
 * An in-process simulated comms-hub test rig: hubs in the three regions, one {@link HanPort} per region,
 * every observation generated from the scenario's seed and delivered on a {@link VirtualClock} as the
 * caller advances it. It knows its {@link GroundTruth}, so tests compare the product's figures with what
 * really happened.
 *
 * <p>Memory does not grow with the month: the events are generated and sorted one UK day at a time
 * ({@link DayStream}), each day in the background while the clock is in the day before (its prefetch: two days'
 * arrays at most), or, without it, as the clock reaches the day; only ends that fall on a later day are carried
 * over. The events, their ids and their delivery order are exactly those of generating the whole month at once.
 * The truth, the event counts and the simulation's end are counted from the days as they are loaded for delivery,
 * so a run that asks for them only after reaching {@link #lastDayStartEpochNanos()} (the demo) generates the month
 * once; asked earlier, the rig generates it once more, unsorted, to count it (what it always did up front).
 *
 * <p>Deterministic: equal scenarios give the same observations, in the same order, and the same truth.
 *
 * <p>Threading: {@link #advanceTo} is called from one thread, which also runs the listeners;
 * {@link #clock()} is readable from any thread. The prefetch generates a day on a daemon thread
 * ({@code pmr-rig-next-day}) and the common fork-join pool; the delivery thread takes it through the day's future,
 * which orders everything the preparation wrote before its reads.
 */
public final class SimulatedRig {
    private static final Logger LOG = LoggerFactory.getLogger(SimulatedRig.class);
    /**
     * Runs a day's preparation on a daemon thread of its own (one a simulated day: about 40 a run), not the common
     * pool: on 2 cores that pool has one worker, which the day's regions need, and a pool of our own would outlive
     * rigs nobody closes.
     */
    private static final Executor PREFETCH = task -> {
        Thread thread = new Thread(task, "pmr-rig-next-day");
        thread.setDaemon(true);
        thread.start();
    };

    private final RigScenario scenario;
    private final VirtualClock clock;
    private final SimPort[] ports;
    private final RigProfile profile;
    private final RigWindow window;
    /** Generates the days; used by one thread at a time, in day order (the delivery thread or the day's prefetch). */
    private final DayStream days;
    /** Ends carried to later days; with {@link #days}, only by the thread preparing a day. */
    private final DaySchedule.Carry carry = new DaySchedule.Carry();
    /** The arrays day {@code d}'s schedule is built in: {@code d % length} (two with the prefetch); as {@link #carry}. */
    private final DaySchedule.Kept[] scheduleArrays;
    /** Whether the next day is generated in the background while the clock is in the day before. */
    private final boolean prefetch;
    /** The next day to load for delivery (delivery thread only). */
    private int nextDay;
    /** That day, being prepared in the background, or null (delivery thread only). */
    private CompletableFuture<PreparedDay> preparing;
    /**
     * What the days prepared for delivery held so far: the frame once the last day is loaded. Touched, like
     * {@link #carry}, only by the thread preparing a day; read once the last day is loaded (its future joined).
     */
    private final RigFrame.Tally delivered;
    /** The events of the day being delivered, per region. */
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

    private SimulatedRig(RigScenario scenario, RigProfile profile, boolean prefetch) {
        this.scenario = scenario;
        this.prefetch = prefetch;
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
        // A day is held only while delivered, and the prefetch generates the next meanwhile: two sets of kept arrays
        // (one without the prefetch: loadNextDay lets a day go before the next is generated).
        int sets = prefetch ? 2 : 1;
        days = new DayStream(scenario, profile, window, true, sets);
        scheduleArrays = new DaySchedule.Kept[sets];
        for (int set = 0; set < sets; set++) {
            scheduleArrays[set] = new DaySchedule.Kept();
        }
        delivered = new RigFrame.Tally(trtNanos, periods, window);
        clock = new VirtualClock(simulationStartEpochNanos);
        ports = new SimPort[Region.values().length];
        for (Region region : Region.values()) {
            ports[region.ordinal()] = new SimPort(region, clock);
        }
    }

    /**
     * Generates a rig with the default rates and distributions. It prepares its first day in the background at once,
     * and each next day while the clock is in the one before.
     */
    public static SimulatedRig create(RigScenario scenario) {
        return create(scenario, RigProfile.defaults());
    }

    static SimulatedRig create(RigScenario scenario, RigProfile profile) {
        return create(scenario, profile, true);
    }

    /**
     * @param prefetch whether each day is generated and scheduled in the background while the clock is in the day
     *                 before (and the first day at once), or on the delivery thread when the clock reaches it: the same
     *                 observations, order and truth either way, at the cost of a second day's arrays
     */
    static SimulatedRig create(RigScenario scenario, RigProfile profile, boolean prefetch) {
        Objects.requireNonNull(scenario, "scenario");
        Objects.requireNonNull(profile, "profile");
        SimulatedRig rig = new SimulatedRig(scenario, profile, prefetch);
        LOG.info("simulated rig seed={} hubs={} period={}: {} days from {} epoch ns", scenario.seed(), scenario.hubs(),
                scenario.period(), rig.days.days(), rig.simulationStartEpochNanos);
        rig.prefetchNextDay();
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

    private boolean moreDays() {
        return nextDay < days.days();
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
                if (!moreDays() || days.dayStartEpochNanos(nextDay) > epochNanos) {
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

    /**
     * Loads the next day for delivery: the one prepared in the background (waiting for it if it is not ready), or
     * prepared here; then, with the prefetch, starts preparing the day after. Delivery thread.
     */
    private void loadNextDay() {
        int day = nextDay++;
        today = null; // without the prefetch, let the finished day go before the next one is generated
        schedule = null;
        PreparedDay prepared = preparing == null ? prepare(day) : join(preparing);
        preparing = null;
        today = prepared.events();
        schedule = prepared.schedule();
        cursor = 0;
        if (!moreDays()) {
            frameFromDelivery(); // every day was tallied as it was prepared, unless a counting pass framed the run
        }
        LOG.debug("rig day from {} epoch ns: {} observations, {} ends carried to later days", days.dayStartEpochNanos(day),
                schedule.size(), prepared.carried());
        prefetchNextDay();
    }

    /**
     * With the prefetch, starts preparing the next day on a thread of its own (which fans the regions out to the
     * common fork-join pool), unless there is none or it is being prepared. It is generated in the second set of kept
     * arrays, so the day being delivered stays intact. Delivery thread (or {@link #create}, before any delivery).
     */
    private void prefetchNextDay() {
        if (prefetch && preparing == null && moreDays()) {
            int day = nextDay;
            // Ordered after the day before's preparation: its future was joined, or this is the first day.
            preparing = CompletableFuture.supplyAsync(() -> prepare(day), PREFETCH);
        }
    }

    /**
     * Generates day {@code day} (the stream's next), tallies it for the frame and builds its schedule, taking and
     * carrying ends. One thread at a time, in day order: the delivery thread, or the day's prefetch (started once the
     * day before was prepared).
     */
    private PreparedDay prepare(int day) {
        RegionEvents[] events = days.next();
        if (!framed()) { // a counting pass framed the run already (asked early): no second count
            for (RegionEvents regionEvents : events) {
                delivered.add(regionEvents);
            }
        }
        long dayEnd = days.dayStartEpochNanos(day + 1);
        DaySchedule daySchedule = DaySchedule.of(events, carry, dayEnd, scheduleArrays[day % scheduleArrays.length]);
        return new PreparedDay(events, daySchedule, carry.size());
    }

    private static PreparedDay join(CompletableFuture<PreparedDay> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            if (e.getCause() instanceof Error cause) {
                throw cause;
            }
            throw e;
        }
    }

    /** A day ready for delivery: its events per region, its schedule, and the ends then carried to later days. */
    private record PreparedDay(RegionEvents[] events, DaySchedule schedule, int carried) {
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
            // The last day is loaded: nothing is being prepared, so the stream's extras are this thread's to read.
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
