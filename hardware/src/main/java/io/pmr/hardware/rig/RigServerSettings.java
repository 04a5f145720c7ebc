package io.pmr.hardware.rig;

import io.pmr.hardware.EventKind;
import io.pmr.hardware.sim.SimulatedResponder;

import java.util.Map;

/**
 * How a {@link RigServer} listens and behaves.
 *
 * @param host           address to bind, e.g. {@code 127.0.0.1} or {@code 0.0.0.0}
 * @param port           TCP port; 0 picks an ephemeral one ({@link RigServer#address()} tells which)
 * @param maxFrameBytes  largest frame accepted from a client
 * @param faults         link faults from the start
 * @param responderSeed  base seed of the command responders (connection n uses seed + n)
 * @param latencies      per kind, how the command responders draw latencies; a missing kind uses
 *                       {@link SimulatedResponder.Latency#defaults(EventKind)}
 */
public record RigServerSettings(String host, int port, int maxFrameBytes, RigFaultOptions faults, long responderSeed,
                                Map<EventKind, SimulatedResponder.Latency> latencies) {

    public RigServerSettings {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("host must not be blank");
        }
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be in 0..65535, got " + port);
        }
        if (maxFrameBytes < 16) {
            throw new IllegalArgumentException("maxFrameBytes must be at least 16, got " + maxFrameBytes);
        }
        if (faults == null) {
            throw new IllegalArgumentException("faults must not be null (use RigFaultOptions.none())");
        }
        latencies = Map.copyOf(latencies == null ? Map.of() : latencies);
    }

    /** Loopback, the given port, default frame limit, no faults, default latencies, seed 1. */
    public static RigServerSettings loopback(int port) {
        return new RigServerSettings("127.0.0.1", port, RigFrames.DEFAULT_MAX_FRAME_BYTES, RigFaultOptions.none(), 1, Map.of());
    }

    public RigServerSettings withFaults(RigFaultOptions newFaults) {
        return new RigServerSettings(host, port, maxFrameBytes, newFaults, responderSeed, latencies);
    }

    public RigServerSettings withLatencies(Map<EventKind, SimulatedResponder.Latency> newLatencies) {
        return new RigServerSettings(host, port, maxFrameBytes, faults, responderSeed, newLatencies);
    }
}
