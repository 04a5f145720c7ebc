package io.pmr.hardware.rig;

import io.pmr.hardware.Region;

import java.time.Duration;

/**
 * How a {@link TcpRigPort} talks to the rig.
 *
 * @param address        the rig
 * @param region         the region observed
 * @param ackEveryFrames an ack goes to the rig after this many delivered frames
 * @param maxHeldFrames  frames ahead of a gap held while waiting for it to fill; past that the port
 *                       reconnects and resumes from the gap
 * @param maxFrameBytes  largest frame accepted from the rig
 * @param connectTimeout how long {@link TcpRigPort#open} tries before giving up
 * @param reconnectMin   first wait before reconnecting after the link dropped; doubles per failure
 * @param reconnectMax   longest wait between reconnect attempts
 */
public record TcpRigSettings(RigAddress address, Region region, int ackEveryFrames, int maxHeldFrames,
                             int maxFrameBytes, Duration connectTimeout, Duration reconnectMin, Duration reconnectMax) {

    public TcpRigSettings {
        if (address == null || region == null) {
            throw new IllegalArgumentException("address and region must not be null");
        }
        if (ackEveryFrames < 1) {
            throw new IllegalArgumentException("ackEveryFrames must be at least 1, got " + ackEveryFrames);
        }
        if (maxHeldFrames < 1) {
            throw new IllegalArgumentException("maxHeldFrames must be at least 1, got " + maxHeldFrames);
        }
        if (maxFrameBytes < 16) {
            throw new IllegalArgumentException("maxFrameBytes must be at least 16, got " + maxFrameBytes);
        }
        requirePositive("connectTimeout", connectTimeout);
        requirePositive("reconnectMin", reconnectMin);
        requirePositive("reconnectMax", reconnectMax);
        if (reconnectMax.compareTo(reconnectMin) < 0) {
            throw new IllegalArgumentException("reconnectMax " + reconnectMax + " must not be below reconnectMin " + reconnectMin);
        }
    }

    /** Ack every 1,000 frames, hold up to 65,536, 64 KiB frames, 30 s to connect, reconnect after 50 ms to 5 s. */
    public static TcpRigSettings defaults(RigAddress address, Region region) {
        return new TcpRigSettings(address, region, 1_000, 65_536, RigFrames.DEFAULT_MAX_FRAME_BYTES,
                Duration.ofSeconds(30), Duration.ofMillis(50), Duration.ofSeconds(5));
    }

    public TcpRigSettings withReconnect(Duration min, Duration max) {
        return new TcpRigSettings(address, region, ackEveryFrames, maxHeldFrames, maxFrameBytes, connectTimeout, min, max);
    }

    public TcpRigSettings withConnectTimeout(Duration timeout) {
        return new TcpRigSettings(address, region, ackEveryFrames, maxHeldFrames, maxFrameBytes, timeout, reconnectMin, reconnectMax);
    }

    public TcpRigSettings withMaxHeldFrames(int frames) {
        return new TcpRigSettings(address, region, ackEveryFrames, frames, maxFrameBytes, connectTimeout, reconnectMin, reconnectMax);
    }

    private static void requirePositive(String field, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(field + " must be positive, got " + value);
        }
    }
}
