package io.pmr.hardware;

/**
 * Receives what a HAN port sees, each with the timestamp taken where it was seen (UTC epoch
 * nanoseconds from the port's {@link TimeSource}).
 *
 * <p>Threading: a port calls its listener from one thread at a time, in timestamp order for the
 * observations of one event (a start before its end). Implementations must not block and should not
 * allocate: this is the agent's record path.
 */
public interface HanListener {

    /**
     * An event started: a command was sent towards a hub, or a hub raised an alert.
     *
     * @param messageId       identifies the event on this port; its end carries the same id
     * @param kind            what kind of event (and so which measure)
     * @param variant         the hub variant (the scope the event is recorded under)
     * @param startEpochNanos when the start was seen, UTC epoch nanoseconds
     */
    void onStart(long messageId, EventKind kind, HubVariant variant, long startEpochNanos);

    /**
     * An event of a {@link EventKind#perDevice() per-device} kind started: as {@link #onStart}, plus the hub
     * it concerns and the group it belongs to. Ports call this for per-device kinds; a listener that does not
     * need the device gets {@link #onStart} (the default).
     *
     * @param deviceId identifies the hub (its EUI-64 as a long); unique per hub, whichever port sees it
     * @param groupId  the power outage event (power-loss alerts) or the firmware payload (every attempt of
     *                 one payload to one hub) the event belongs to; 0 when none. Unique per group
     */
    default void onDeviceStart(long messageId, EventKind kind, HubVariant variant, long deviceId, long groupId,
                               long startEpochNanos) {
        onStart(messageId, kind, variant, startEpochNanos);
    }

    /**
     * An event ended: the response or the alert was delivered.
     *
     * @param messageId     the id given at the start
     * @param endEpochNanos when the end was seen, UTC epoch nanoseconds
     * @param success       false when the end reports a failure (an error response): outside TRT
     */
    void onEnd(long messageId, long endEpochNanos, boolean success);
}
