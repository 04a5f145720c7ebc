package io.pmr.hardware.rig;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.pmr.hardware.EventKind;
import io.pmr.hardware.HanListener;
import io.pmr.hardware.HubVariant;
import io.pmr.hardware.Region;
import io.pmr.hardware.sim.SimulatedRig;
import io.pmr.proto.v1.RigEndOfStream;
import io.pmr.proto.v1.RigFrame;
import io.pmr.proto.v1.RigObservationEnd;
import io.pmr.proto.v1.RigObservationStart;
import io.pmr.proto.v1.RigTick;

import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One region's month as the rig serves it: every frame, numbered from 1, serialized once up front
 * (observation starts and ends as the simulated rig delivered them, a {@link RigTick} after each step of
 * its virtual clock, and a final {@link RigEndOfStream}), so that any connection can be served from any
 * seq, as often as it asks.
 *
 * <p>Threading: immutable once built; safe to read from any thread.
 */
public final class RigJournal {
    private final Region region;
    private final byte[] data;
    private final int[] offsets; // offsets[i] = start of seq i+1; offsets[size] = end
    private final int size;
    private final long startEpochNanos;
    private final long endEpochNanos;
    private final long observations;
    private final boolean wholeSimulation;

    private RigJournal(Builder builder, boolean wholeSimulation) {
        this.wholeSimulation = wholeSimulation;
        this.region = builder.region;
        this.data = Arrays.copyOf(builder.data, builder.length);
        this.size = builder.count;
        this.offsets = Arrays.copyOf(builder.offsets, size + 1);
        this.offsets[size] = builder.length;
        this.startEpochNanos = builder.startEpochNanos;
        this.endEpochNanos = builder.lastTickEpochNanos;
        this.observations = builder.observations;
    }

    /**
     * Runs the simulated rig from its start to its end, a step of virtual time at a time (as
     * {@code DemoRun.runMonth} does), recording what each served region's port delivers and a tick after
     * each step. Must be called on a fresh rig, from one thread; attaches to the served regions' ports.
     *
     * @param regions the regions served; the others' observations are dropped (the truth still has them)
     * @param step    how far the virtual clock moves between ticks; the agent expires and publishes per tick
     */
    public static Map<Region, RigJournal> record(SimulatedRig rig, Set<Region> regions, Duration step) {
        return record(rig, regions, step, Long.MAX_VALUE, step);
    }

    /**
     * As {@link #record(SimulatedRig, Set, Duration)}, with ticks {@code coarseStep} apart from
     * {@code coarseFromEpochNanos} on: for the whole simulation's SMWAN connectivity tail (30 and 90 days), where
     * nothing else is pending and a verdict does not depend on the step, but a tick a minute would cost the agents
     * ~130,000 ticks and thousands of batches more.
     *
     * @param coarseFromEpochNanos from this rig time on, ticks {@code coarseStep} apart ({@code Long.MAX_VALUE}: never)
     * @param coarseStep           at least {@code step}
     */
    public static Map<Region, RigJournal> record(SimulatedRig rig, Set<Region> regions, Duration step,
                                                 long coarseFromEpochNanos, Duration coarseStep) {
        Objects.requireNonNull(rig, "rig");
        if (coarseStep == null || step == null || coarseStep.compareTo(step) < 0) {
            throw new IllegalArgumentException("coarseStep must be at least step " + step + ", got " + coarseStep);
        }
        if (regions == null || regions.isEmpty()) {
            throw new IllegalArgumentException("regions must name at least one region");
        }
        if (step == null || step.isNegative() || step.isZero()) {
            throw new IllegalArgumentException("step must be positive, got " + step);
        }
        EnumMap<Region, Builder> builders = new EnumMap<>(Region.class);
        for (Region region : regions) {
            Builder builder = new Builder(region, rig.simulationStartEpochNanos());
            builders.put(region, builder);
            rig.port(region).attach(builder);
        }
        long stepNanos = step.toNanos();
        long coarseNanos = coarseStep.toNanos();
        long end = rig.simulationEndEpochNanos();
        for (long now = rig.simulationStartEpochNanos(); ;
             now = Math.min(end, now + (now >= coarseFromEpochNanos ? coarseNanos : stepNanos))) {
            rig.advanceTo(now);
            for (Builder builder : builders.values()) {
                builder.tick(now);
            }
            if (now == end) {
                break;
            }
        }
        EnumMap<Region, RigJournal> journals = new EnumMap<>(Region.class);
        for (Builder builder : builders.values()) {
            builder.append(RigFrame.newBuilder().setEndOfStream(RigEndOfStream.newBuilder().setEndEpochNanos(end)));
            rig.port(builder.region).close();
            journals.put(builder.region, new RigJournal(builder, rig.scenario().wholeSimulation()));
        }
        return Collections.unmodifiableMap(journals);
    }

    public Region region() {
        return region;
    }

    /** Frames in the journal; the last one, seq {@code size()}, is the end of stream. */
    public int size() {
        return size;
    }

    /**
     * Whether the journal is of the whole simulation (every {@link EventKind}, per-device ones with their device
     * and group ids), not only the {@link EventKind#classic() classic} kinds; the welcome tells the agent.
     */
    public boolean wholeSimulation() {
        return wholeSimulation;
    }

    /** Observation starts and ends in the journal. */
    public long observations() {
        return observations;
    }

    /** The rig's clock at the journal's start, UTC epoch nanoseconds. */
    public long startEpochNanos() {
        return startEpochNanos;
    }

    /** The rig's clock at the end of stream, UTC epoch nanoseconds. */
    public long endEpochNanos() {
        return endEpochNanos;
    }

    /**
     * The serialized frame with this seq, without its length prefix, as a buffer sharing the journal's
     * memory (no copy; releasing it frees nothing).
     *
     * @throws IndexOutOfBoundsException unless {@code 1 <= seq <= size()}
     */
    ByteBuf frame(long seq) {
        if (seq < 1 || seq > size) {
            throw new IndexOutOfBoundsException("seq " + seq + " outside 1.." + size + " of the " + region + " journal");
        }
        int index = (int) (seq - 1);
        return Unpooled.wrappedBuffer(data, offsets[index], offsets[index + 1] - offsets[index]);
    }

    private static final class Builder implements HanListener {
        private final Region region;
        private final long startEpochNanos;
        private byte[] data = new byte[1 << 16];
        private int length;
        private int[] offsets = new int[1 << 12];
        private int count;
        private long observations;
        private long lastTickEpochNanos;

        Builder(Region region, long startEpochNanos) {
            this.region = region;
            this.startEpochNanos = startEpochNanos;
            this.lastTickEpochNanos = startEpochNanos;
        }

        @Override
        public void onStart(long messageId, EventKind kind, HubVariant variant, long startEpochNanos) {
            observations++;
            append(RigFrame.newBuilder().setStart(RigObservationStart.newBuilder()
                    .setMessageId(messageId).setKind(RigFrames.kind(kind)).setVariant(RigFrames.variant(variant))
                    .setStartEpochNanos(startEpochNanos)));
        }

        /** A per-device start keeps its hub and group: the agent's per-device records need them. */
        @Override
        public void onDeviceStart(long messageId, EventKind kind, HubVariant variant, long deviceId, long groupId,
                                  long startEpochNanos) {
            observations++;
            append(RigFrame.newBuilder().setStart(RigObservationStart.newBuilder()
                    .setMessageId(messageId).setKind(RigFrames.kind(kind)).setVariant(RigFrames.variant(variant))
                    .setStartEpochNanos(startEpochNanos).setDeviceId(deviceId).setGroupId(groupId)));
        }

        @Override
        public void onEnd(long messageId, long endEpochNanos, boolean success) {
            observations++;
            append(RigFrame.newBuilder().setEnd(RigObservationEnd.newBuilder()
                    .setMessageId(messageId).setEndEpochNanos(endEpochNanos).setSuccess(success)));
        }

        void tick(long nowEpochNanos) {
            lastTickEpochNanos = nowEpochNanos;
            append(RigFrame.newBuilder().setTick(RigTick.newBuilder().setNowEpochNanos(nowEpochNanos)));
        }

        void append(RigFrame.Builder frame) {
            byte[] bytes = frame.setSeq(count + 1L).build().toByteArray();
            if (count == offsets.length) {
                offsets = Arrays.copyOf(offsets, offsets.length * 2);
            }
            while (length + bytes.length > data.length) {
                if (data.length > (1 << 29)) {
                    throw new IllegalStateException("the " + region + " journal outgrew 512 MiB; run fewer hubs");
                }
                data = Arrays.copyOf(data, data.length * 2);
            }
            offsets[count++] = length;
            System.arraycopy(bytes, 0, data, length, bytes.length);
            length += bytes.length;
        }
    }
}
