package io.pmr.collector.broker;

import io.moquette.broker.Server;
import io.moquette.interception.AbstractInterceptHandler;
import io.moquette.interception.messages.InterceptConnectMessage;
import io.netty.channel.Channel;
import io.netty.channel.WriteBufferWaterMark;
import java.lang.reflect.Method;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives every client connection of an embedded Moquette 0.17 a write buffer with room for a full in-flight window, so
 * that its channel never reads as unwritable in the middle of a window.
 *
 * <p>Why: Moquette 0.17 decides to write a QoS 1 PUBLISH straight to a subscriber after checking
 * {@code Channel.isWritable()}, puts it in the session's in-flight window, and then checks the flag again inside the
 * write ({@code MQTTConnection.sendIfWritableElseDrop}), dropping the frame without a word when it reads false.
 * Netty's default high-water mark is 64 KiB; two demo envelopes (about 40 KiB each) pass it, so the flag flips while
 * Netty's event loop encodes and flushes, and now and then a PUBLISH lands between the two checks and never leaves.
 * Moquette re-sends it only once the connection has been idle for writes for 5 s (its {@code InflightResender}), that
 * is after the stream stops: the message arrives seconds late, and meanwhile it holds one of the window's 10 slots.
 * With the high-water mark above what a full window can hold, the flag stays true and the drop cannot happen.
 *
 * <p>Moquette offers no hook on its channels, so the channel is reached by reflection (the server's session
 * registry, the client's session, its connection) when the client's CONNECT is announced to interceptors, shortly
 * after the CONNACK. A Moquette whose fields differ is reported once and counted in {@link #failures()}; the broker
 * then works as before. Threading: Moquette's interceptor thread; the counters are thread-safe.
 */
final class WriteRoom extends AbstractInterceptHandler {
    private static final Logger LOG = LoggerFactory.getLogger(WriteRoom.class);
    /** Moquette 0.17's in-flight window per session ({@code BrokerConstants.INFLIGHT_WINDOW_SIZE}). */
    static final int INFLIGHT_WINDOW = 10;
    /** Room above the window for what else the connection carries: PUBACKs, QoS 0 acks, PINGRESPs. */
    static final int CONTROL_ROOM_BYTES = 64 * 1024;

    private final WriteBufferWaterMark waterMark;
    private final AtomicLong widened = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final Server server;

    /**
     * @param server          the server whose connections this widens (built, not started yet)
     * @param frameLimitBytes the broker's largest frame: a full window holds {@link #INFLIGHT_WINDOW} of them
     */
    WriteRoom(Server server, int frameLimitBytes) {
        this.server = server;
        int high = Math.addExact(Math.multiplyExact(INFLIGHT_WINDOW, frameLimitBytes), CONTROL_ROOM_BYTES);
        this.waterMark = new WriteBufferWaterMark(high / 2, high);
    }

    /** The high-water mark given to each connection, in bytes. */
    int highWaterMarkBytes() {
        return waterMark.high();
    }

    /** Connections widened since start. */
    long widened() {
        return widened.get();
    }

    /** Connections whose channel could not be reached (each a warning at the first, then debug). */
    long failures() {
        return failures.get();
    }

    @Override
    public String getID() {
        return "pmr-write-room";
    }

    @Override
    public Class<?>[] getInterceptedMessageTypes() {
        return new Class<?>[] {InterceptConnectMessage.class};
    }

    @Override
    public void onConnect(InterceptConnectMessage msg) {
        String clientId = msg.getClientID();
        try {
            Channel channel = channelOf(server, clientId);
            if (channel == null) {
                LOG.debug("MQTT client {} left before its write buffer was widened", clientId);
                return;
            }
            channel.config().setWriteBufferWaterMark(waterMark);
            widened.incrementAndGet();
        } catch (ReflectiveOperationException | RuntimeException e) {
            if (failures.getAndIncrement() == 0) {
                LOG.warn("Cannot widen the write buffer of MQTT client {} on the embedded broker ({}): a QoS 1 message"
                        + " may then reach a subscriber up to 5 s late; reported once", clientId, e.toString());
            } else {
                LOG.debug("Cannot widen the write buffer of MQTT client {}: {}", clientId, e.toString());
            }
        }
    }

    @Override
    public void onSessionLoopError(Throwable error) {
        // Seen by BrokerWatchdog through the loops' threads; nothing to do here.
    }

    /** The channel of the client's current connection, or null when it has none; by reflection into Moquette 0.17. */
    static Channel channelOf(Server moquette, String clientId) throws ReflectiveOperationException {
        Object registry = SessionLoops.field(moquette, "sessions");
        Method retrieve = registry.getClass().getDeclaredMethod("retrieve", String.class);
        retrieve.setAccessible(true);
        Object session = retrieve.invoke(registry, clientId);
        if (session == null) {
            return null;
        }
        Object connection = SessionLoops.field(session, "mqttConnection");
        return connection == null ? null : (Channel) SessionLoops.field(connection, "channel");
    }
}
