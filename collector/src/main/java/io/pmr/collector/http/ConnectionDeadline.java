package io.pmr.collector.http;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * First in a connection's pipeline, before the HTTP codec: closes a connection that is too slow to send a request
 * ({@link HttpSettings#requestTimeout()}, from the request's first byte to its last) or that sends nothing for
 * {@link HttpSettings#idleTimeout()} while no request is in progress. While a request is being handled there is no
 * deadline: the worker's time is not the client's fault. {@link HttpHandler} tells it a request has arrived and its
 * response has been handed over by firing {@link #REQUEST_RECEIVED} and {@link #RESPONSE_SENT} from the pipeline's
 * head. One per connection; every method runs on the connection's event loop.
 */
final class ConnectionDeadline extends ChannelDuplexHandler {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectionDeadline.class);
    /** User event: a whole request has been read. */
    static final Object REQUEST_RECEIVED = new Object();
    /** User event: a response has been written; the connection waits for the next request. */
    static final Object RESPONSE_SENT = new Object();

    private enum State { IDLE, RECEIVING, HANDLING }

    private final long requestTimeoutNanos;
    private final long idleTimeoutNanos;
    private final ApiCounters counters;
    private State state = State.IDLE;
    private ScheduledFuture<?> deadline;

    ConnectionDeadline(Duration requestTimeout, Duration idleTimeout, ApiCounters counters) {
        this.requestTimeoutNanos = requestTimeout.toNanos();
        this.idleTimeoutNanos = idleTimeout.toNanos();
        this.counters = counters;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        arm(ctx, State.IDLE, idleTimeoutNanos);
        super.channelActive(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (state == State.IDLE) {
            arm(ctx, State.RECEIVING, requestTimeoutNanos);
        }
        super.channelRead(ctx, msg);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event == REQUEST_RECEIVED) {
            disarm();
            state = State.HANDLING;
        } else if (event == RESPONSE_SENT) {
            arm(ctx, State.IDLE, idleTimeoutNanos);
        } else {
            super.userEventTriggered(ctx, event);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        disarm();
        super.channelInactive(ctx);
    }

    private void arm(ChannelHandlerContext ctx, State next, long timeoutNanos) {
        disarm();
        state = next;
        deadline = ctx.executor().schedule(() -> expire(ctx, next), timeoutNanos, TimeUnit.NANOSECONDS);
    }

    private void disarm() {
        if (deadline != null) {
            deadline.cancel(false);
            deadline = null;
        }
    }

    private void expire(ChannelHandlerContext ctx, State armedIn) {
        if (state != armedIn || !ctx.channel().isOpen()) {
            return;
        }
        counters.timedOut();
        LOG.debug("Closing HTTP connection {}: {}", ctx.channel().remoteAddress(),
                armedIn == State.RECEIVING ? "request not complete in time" : "idle");
        ctx.close();
    }
}
