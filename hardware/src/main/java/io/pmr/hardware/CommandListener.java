package io.pmr.hardware;

/**
 * Receives the responses to test commands sent through a {@link CommandPort}.
 *
 * <p>Threading: a port calls its listener from its own delivery thread(s), one call at a time (calls
 * never overlap), but not necessarily on the thread that sent the command, and not necessarily in the
 * order the commands were sent. Implementations must not block and should not allocate.
 */
public interface CommandListener {

    /**
     * The response to a command arrived.
     *
     * @param commandId          the id given to {@link CommandPort#send}
     * @param responseEpochNanos when the response was seen, UTC epoch nanoseconds from the port's
     *                           {@link CommandPort#timeSource()}
     * @param success            false when the response reports a failure (an error response)
     */
    void onResponse(long commandId, long responseEpochNanos, boolean success);
}
