package io.pmr.hardware.rig;

import io.pmr.hardware.EventKind;
import io.pmr.hardware.HanListener;
import io.pmr.hardware.HubVariant;
import io.pmr.hardware.TimeSource;
import io.pmr.proto.v1.RigFrame;
import io.pmr.proto.v1.RigObservationEnd;
import io.pmr.proto.v1.RigObservationStart;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.function.LongConsumer;

/**
 * What a {@link TcpRigPort} does with each journal frame once it is in seq order: starts and ends to the
 * listener (a start of a {@link EventKind#perDevice() per-device} kind through
 * {@link HanListener#onDeviceStart}, with the hub and group the frame carries), ticks to the tick hook, and
 * the rig's clock moved forward by every frame's time.
 *
 * <p>Threading: {@link #deliver} only on the port's delivery thread; {@link #clock()} and the counters from
 * any thread.
 */
final class RigFrameDelivery {
    private static final Logger LOG = LoggerFactory.getLogger(RigFrameDelivery.class);

    /** What the port does after a frame. */
    enum Next {
        CONTINUE,
        END_OF_STREAM
    }

    private final String peer;
    private final RigCodecCounters counters;
    private final TimeSource clock = new TimeSource() {
        @Override
        public long epochNanos() {
            return clockEpochNanos;
        }

        @Override
        public long monotonicNanos() {
            return clockEpochNanos;
        }
    };
    private volatile long clockEpochNanos;
    private volatile long delivered;
    private volatile long deviceStarts;
    private HanListener listener;
    private LongConsumer onTick = now -> { };
    private Runnable onEndOfStream = () -> { };

    /** @param peer names the rig and region in log lines, e.g. {@code rig 127.0.0.1:4000 region NORTH} */
    RigFrameDelivery(String peer, RigCodecCounters counters) {
        this.peer = peer;
        this.counters = counters;
    }

    /** Sets where frames go; before the first {@link #deliver}. */
    void target(HanListener target, LongConsumer tickHook, Runnable endOfStreamHook) {
        this.listener = target;
        this.onTick = tickHook == null ? now -> { } : tickHook;
        this.onEndOfStream = endOfStreamHook == null ? () -> { } : endOfStreamHook;
    }

    /** The rig's clock: the latest tick or observation time delivered (or the welcome's start before any). */
    TimeSource clock() {
        return clock;
    }

    long clockEpochNanos() {
        return clockEpochNanos;
    }

    /** Frames delivered to the listener or the hooks. */
    long delivered() {
        return delivered;
    }

    /** Starts delivered with their device and group ({@link HanListener#onDeviceStart}). */
    long deviceStarts() {
        return deviceStarts;
    }

    /**
     * Delivers one frame, the next in seq order. A listener's RuntimeException is logged and the frame counts
     * as delivered (replaying it would fail again); an Error propagates.
     *
     * @return {@link Next#END_OF_STREAM} after the end of stream (its hook has run)
     */
    Next deliver(RigFrame frame) {
        delivered++;
        try {
            switch (frame.getBodyCase()) {
                case START -> start(frame.getStart());
                case END -> end(frame.getEnd());
                case TICK -> {
                    advance(frame.getTick().getNowEpochNanos());
                    onTick.accept(clockEpochNanos);
                }
                case END_OF_STREAM -> {
                    advance(frame.getEndOfStream().getEndEpochNanos());
                    onEndOfStream.run();
                    return Next.END_OF_STREAM;
                }
                default -> reject("frame seq " + frame.getSeq() + " of type " + frame.getBodyCase() + " in a journal");
            }
        } catch (RuntimeException e) {
            LOG.error("{}: the listener failed on frame seq {}: {}", peer, frame.getSeq(), e.toString(), e);
        }
        return Next.CONTINUE;
    }

    /** The rig's clock moves forward only: frames of equal time keep it; an earlier time never sets it back. */
    void advance(long epochNanos) {
        if (epochNanos > clockEpochNanos) {
            clockEpochNanos = epochNanos;
        }
    }

    void reject(String reason) {
        counters.reject(reason);
        LOG.warn("{}: {}; skipped", peer, reason);
    }

    private void start(RigObservationStart start) {
        EventKind kind = RigFrames.kind(start.getKind());
        HubVariant variant = RigFrames.variant(start.getVariant());
        if (kind == null || variant == null) {
            reject("observation start " + start.getMessageId() + " with unknown kind " + start.getKindValue()
                    + " or variant " + start.getVariantValue());
            return;
        }
        if (kind.perDevice() && start.getDeviceId() == 0) {
            reject("observation start " + start.getMessageId() + " of per-device kind " + kind + " without a device id");
            return;
        }
        advance(start.getStartEpochNanos());
        if (kind.perDevice()) {
            deviceStarts++;
            listener.onDeviceStart(start.getMessageId(), kind, variant, start.getDeviceId(), start.getGroupId(),
                    start.getStartEpochNanos());
        } else {
            listener.onStart(start.getMessageId(), kind, variant, start.getStartEpochNanos());
        }
    }

    private void end(RigObservationEnd end) {
        advance(end.getEndEpochNanos());
        listener.onEnd(end.getMessageId(), end.getEndEpochNanos(), end.getSuccess());
    }
}
