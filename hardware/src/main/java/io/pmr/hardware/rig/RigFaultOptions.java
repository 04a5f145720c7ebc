package io.pmr.hardware.rig;

import java.time.Duration;
import java.util.Locale;

/**
 * Link faults the rig injects into its observation streams from the start (the same can be switched on
 * and off later with {@link io.pmr.proto.v1.RigControl} frames).
 *
 * @param duplicateProbability each journal frame is written a second time with this probability
 * @param reorderProbability   each journal frame is swapped with the next one with this probability
 * @param delay                each batch of journal frames is held this long before it is written
 * @param dropLinkEveryFrames  a connection is closed by the rig after it has written this many journal
 *                             frames, then again after as many on the next connection; 0 = never
 * @param stall                the command responders hold responses falling due in the first
 *                             {@code stall} after a command connection opens
 * @param seed                 seed of the duplicate and reorder draws (per connection: seed + connection number)
 */
public record RigFaultOptions(double duplicateProbability, double reorderProbability, Duration delay,
                              long dropLinkEveryFrames, Duration stall, long seed) {

    public RigFaultOptions {
        requireProbability("duplicateProbability", duplicateProbability);
        requireProbability("reorderProbability", reorderProbability);
        if (delay == null || delay.isNegative()) {
            throw new IllegalArgumentException("delay must be zero or positive, got " + delay);
        }
        if (stall == null || stall.isNegative()) {
            throw new IllegalArgumentException("stall must be zero or positive, got " + stall);
        }
        if (dropLinkEveryFrames < 0) {
            throw new IllegalArgumentException("dropLinkEveryFrames must be 0 (never) or positive, got " + dropLinkEveryFrames);
        }
    }

    /** No faults. */
    public static RigFaultOptions none() {
        return new RigFaultOptions(0, 0, Duration.ZERO, 0, Duration.ZERO, 1);
    }

    public RigFaultOptions withDuplicateProbability(double p) {
        return new RigFaultOptions(p, reorderProbability, delay, dropLinkEveryFrames, stall, seed);
    }

    public RigFaultOptions withReorderProbability(double p) {
        return new RigFaultOptions(duplicateProbability, p, delay, dropLinkEveryFrames, stall, seed);
    }

    public RigFaultOptions withDelay(Duration d) {
        return new RigFaultOptions(duplicateProbability, reorderProbability, d, dropLinkEveryFrames, stall, seed);
    }

    public RigFaultOptions withDropLinkEveryFrames(long frames) {
        return new RigFaultOptions(duplicateProbability, reorderProbability, delay, frames, stall, seed);
    }

    public RigFaultOptions withStall(Duration d) {
        return new RigFaultOptions(duplicateProbability, reorderProbability, delay, dropLinkEveryFrames, d, seed);
    }

    public RigFaultOptions withSeed(long s) {
        return new RigFaultOptions(duplicateProbability, reorderProbability, delay, dropLinkEveryFrames, stall, s);
    }

    /** For logs and the control reply, {@link Locale#ROOT}. */
    public String summary() {
        return String.format(Locale.ROOT, "duplicate=%.3f reorder=%.3f delay=%dms drop-link-every=%d stall=%dms seed=%d",
                duplicateProbability, reorderProbability, delay.toMillis(), dropLinkEveryFrames, stall.toMillis(), seed);
    }

    private static void requireProbability(String field, double value) {
        if (!(value >= 0.0 && value <= 1.0)) {
            throw new IllegalArgumentException(field + " must be in [0, 1], got " + value);
        }
    }
}
