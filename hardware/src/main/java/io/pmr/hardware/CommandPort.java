package io.pmr.hardware;

/**
 * A port that sends round-trip test commands towards hubs and reports their responses: the lab rig's
 * view for live round-trip measurement ({@code pmr agent rtt}). Implemented by the in-process
 * {@link io.pmr.hardware.sim.SimulatedResponder} and later by the TCP test rig. A port serves one region.
 *
 * <p>Threading contract:
 * <ul>
 *   <li>{@link #send} may be called from any thread and never blocks on the hub: it hands the command
 *       over and returns. A port must not call the listener from inside {@code send}.</li>
 *   <li>Responses (or nothing, when a command is lost) come later to the attached
 *       {@link CommandListener}, on the port's delivery thread, one call at a time.</li>
 *   <li>{@link #attach} and {@link #close} may be called from any thread. After {@code close} the
 *       listener receives nothing more and {@code send} is ignored.</li>
 * </ul>
 * A port never retries a command and never reports one response twice on purpose; a listener should
 * still tolerate duplicates and unknown ids (count and ignore them), because a real rig can produce them.
 */
public interface CommandPort extends AutoCloseable {

    /** The region whose hubs this port talks to. */
    Region region();

    /** The clock whose readings the responses carry. */
    TimeSource timeSource();

    /**
     * Attaches the listener that receives every response from now on. At most one listener;
     * responses that arrive while none is attached are dropped.
     *
     * @throws IllegalStateException if a listener is already attached or the port is closed
     */
    void attach(CommandListener listener);

    /**
     * Sends a test command. Non-blocking; its response, if any, comes later to the listener.
     *
     * @param commandId identifies the command; its response carries the same id. Chosen by the caller,
     *                  unique per port
     * @param kind      which round-trip test (RTT2, RTT3, RTT4), and so the kind of command
     */
    void send(long commandId, EventKind kind);

    /** Stops the port: no more responses are delivered. Idempotent. */
    @Override
    void close();
}
