package io.pmr.hardware.rig;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.pmr.hardware.HanListener;
import io.pmr.hardware.HanPort;
import io.pmr.hardware.Region;
import io.pmr.hardware.TimeSource;
import io.pmr.proto.v1.RigAck;
import io.pmr.proto.v1.RigFrame;
import io.pmr.proto.v1.RigHello;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;

/**
 * A {@link HanPort} on a rig over TCP ({@code pmr rig}): receives the region's numbered frames and
 * delivers them to the listener on ONE delivery thread (the port's own event loop) strictly in seq order,
 * each once: duplicates are dropped by seq, frames ahead of a gap are held until it fills (bounded). Its
 * {@link #timeSource()} is the rig's clock, the latest {@code RigTick} (or observation) time, so a dropped
 * link delays verdicts but never changes them: events pending while the link was down expire by the rules
 * when the rig's clock passes their deadline. When the link drops the port reconnects by itself, with
 * backoff, and asks the rig to resume from the next seq it needs.
 *
 * <p>Use: {@link #open}, then attach the listener (e.g. {@code Agent.start}), then {@link #start} with the
 * tick and end-of-stream hooks, which run on the delivery thread after the clock moved (so
 * {@code agent.tick()} belongs in the tick hook). Threading: {@code open}, {@code attach}, {@code start},
 * {@code close} and the counters from any thread; the listener and hooks only on the delivery thread.
 */
public final class TcpRigPort implements HanPort {
    private static final Logger LOG = LoggerFactory.getLogger(TcpRigPort.class);

    private final TcpRigSettings settings;
    private final EventLoopGroup loop;
    private final Bootstrap bootstrap;
    private final RigCodecCounters codecCounters = new RigCodecCounters();
    private final SeqOrderer<RigFrame> orderer;
    private final CountDownLatch welcomed = new CountDownLatch(1);
    private final CountDownLatch ended = new CountDownLatch(1);
    private final List<RigFrame> beforeStart = new ArrayList<>();
    private final RigFrameDelivery delivery;
    private volatile HanListener listener;
    private volatile boolean started;
    private volatile boolean closed;
    private volatile boolean endOfStream;
    private volatile String refusal;
    /** Why the last connection attempt failed ("Connection refused: ..."), null once one succeeded; for open's error. */
    private volatile String lastConnectFailure;
    private volatile boolean wholeSimulation;
    private volatile long reconnects;
    private volatile long overflows;
    private Channel channel;
    private long backoffNanos;
    private long sinceAck;

    private TcpRigPort(TcpRigSettings settings) {
        this.settings = settings;
        this.orderer = new SeqOrderer<>(1, settings.maxHeldFrames());
        this.backoffNanos = settings.reconnectMin().toNanos();
        this.delivery = new RigFrameDelivery("rig " + settings.address() + " region " + settings.region(), codecCounters);
        this.loop = new MultiThreadIoEventLoopGroup(1,
                new DefaultThreadFactory("pmr-rig-" + settings.region().name().toLowerCase(java.util.Locale.ROOT), true),
                NioIoHandler.newFactory());
        this.bootstrap = new Bootstrap().group(loop).channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 5_000)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        RigCodec.install(ch.pipeline(), settings.maxFrameBytes(), codecCounters);
                        ch.pipeline().addLast("port", new Connection());
                    }
                });
    }

    /**
     * Connects (retrying with backoff) and waits for the rig's welcome, which sets the clock to the
     * journal's start. No observation is delivered before {@link #start}.
     *
     * @throws IllegalStateException when the rig did not welcome the port within the connect timeout, or
     *                               refused it (for example: region not served)
     */
    public static TcpRigPort open(TcpRigSettings settings) {
        if (settings == null) {
            throw new IllegalArgumentException("settings must not be null");
        }
        TcpRigPort port = new TcpRigPort(settings);
        port.loop.execute(port::connect);
        boolean ok;
        try {
            ok = port.welcomed.await(settings.connectTimeout().toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            ok = false;
        }
        if (!ok || port.refusal != null) {
            String failure = port.lastConnectFailure; // before close: closing fails the attempt in flight
            port.close();
            throw new IllegalStateException("rig " + settings.address() + " region " + settings.region() + ": "
                    + (port.refusal != null ? "refused: " + port.refusal
                    : failure != null ? "cannot connect within " + settings.connectTimeout() + " (" + failure + ")"
                    : "no welcome within " + settings.connectTimeout()));
        }
        return port;
    }

    @Override
    public Region region() {
        return settings.region();
    }

    @Override
    public void attach(HanListener newListener) {
        if (newListener == null) {
            throw new IllegalArgumentException("listener must not be null");
        }
        synchronized (this) {
            if (listener != null) {
                throw new IllegalStateException("port " + settings.region() + " already has a listener");
            }
            listener = newListener;
        }
    }

    /** The rig's clock: its latest tick or observation time; starts at the journal's start. */
    @Override
    public TimeSource timeSource() {
        return delivery.clock();
    }

    /**
     * Whether the rig serves the whole simulation (every {@link io.pmr.hardware.EventKind}, per-device kinds
     * with their hub and group), as its welcome said; known once {@link #open} returned. An agent on such a rig
     * measures every kind its region sees.
     */
    public boolean wholeSimulation() {
        return wholeSimulation;
    }

    /**
     * Starts delivering to the attached listener.
     *
     * @param tickHook        after each tick, with the rig's new time (the clock already reads it)
     * @param endOfStreamHook once, after the last frame; nothing is delivered after it
     * @throws IllegalStateException when no listener is attached or already started
     */
    public void start(LongConsumer tickHook, Runnable endOfStreamHook) {
        if (listener == null) {
            throw new IllegalStateException("attach a listener before starting port " + settings.region());
        }
        synchronized (this) {
            if (started) {
                throw new IllegalStateException("port " + settings.region() + " already started");
            }
            delivery.target(listener, tickHook, endOfStreamHook);
        }
        loop.execute(() -> {
            started = true;
            List<RigFrame> waiting = new ArrayList<>(beforeStart);
            beforeStart.clear();
            for (RigFrame frame : waiting) {
                deliver(frame);
            }
            if (channel != null && channel.isActive()) {
                channel.config().setAutoRead(true);
            }
        });
    }

    /** Waits until the end of stream was delivered. */
    public boolean awaitEndOfStream(Duration timeout) throws InterruptedException {
        return ended.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /**
     * Why the port stopped for good before the end of stream (the rig refused it, or the listener failed fatally),
     * or null. {@link #awaitEndOfStream} returns true in that case too: check this first.
     */
    public String failure() {
        return refusal;
    }

    public boolean isEndOfStream() {
        return endOfStream;
    }

    /** Frames delivered to the listener or the hooks. */
    public long delivered() {
        return delivery.delivered();
    }

    /** Starts of per-device kinds delivered with their hub and group ({@code HanListener.onDeviceStart}). */
    public long deviceStarts() {
        return delivery.deviceStarts();
    }

    /** Frames dropped because their seq had been delivered already (duplicates, re-sends). */
    public long duplicates() {
        return callOnLoop(orderer::duplicates);
    }

    /** Times the port re-opened the link after it dropped. */
    public long reconnects() {
        return reconnects;
    }

    /** What the port rejected from the rig (too long, unparseable or invalid frames). */
    public RigCodecCounters codecCounters() {
        return codecCounters;
    }

    @Override
    public void close() {
        closed = true;
        loop.execute(() -> {
            if (channel != null) {
                channel.close();
            }
        });
        loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private long callOnLoop(java.util.function.LongSupplier supplier) {
        if (loop.next().inEventLoop()) {
            return supplier.getAsLong();
        }
        try {
            return loop.submit(supplier::getAsLong).get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            return -1;
        }
    }

    private void connect() {
        if (closed || endOfStream) {
            return;
        }
        ChannelFuture future = bootstrap.connect(settings.address().host(), settings.address().port());
        channel = future.channel();
        future.addListener(f -> {
            if (f.isSuccess()) {
                lastConnectFailure = null;
            } else if (!closed) {
                lastConnectFailure = f.cause().getMessage() != null ? f.cause().getMessage() : f.cause().toString();
                LOG.debug("rig {} region {}: connect failed: {}", settings.address(), settings.region(), f.cause().toString());
                scheduleReconnect();
            }
        });
    }

    private void scheduleReconnect() {
        if (closed || endOfStream || refusal != null) {
            return;
        }
        long wait = backoffNanos;
        backoffNanos = Math.min(settings.reconnectMax().toNanos(), backoffNanos * 2);
        loop.schedule(() -> {
            reconnects++;
            connect();
        }, wait, TimeUnit.NANOSECONDS);
    }

    private void offer(RigFrame frame) {
        SeqOrderer.Outcome outcome = orderer.offer(frame.getSeq(), frame, started ? this::deliver : beforeStart::add);
        if (outcome == SeqOrderer.Outcome.OVERFLOW) {
            overflows++;
            LOG.warn("rig {} region {}: {} frames held behind the gap at seq {}; reconnecting to resume from it",
                    settings.address(), settings.region(), orderer.heldCount(), orderer.nextSeq());
            channel.close();
        }
    }

    private void deliver(RigFrame frame) {
        try {
            if (delivery.deliver(frame) == RigFrameDelivery.Next.END_OF_STREAM) {
                endOfStream = true;
                LOG.info("rig {} region {}: end of stream at seq {} ({} frames delivered, {} duplicates dropped, "
                                + "{} reconnects)", settings.address(), settings.region(), frame.getSeq(),
                        delivery.delivered(), orderer.duplicates(), reconnects);
                ended.countDown();
                if (channel != null) {
                    channel.close();
                }
            }
        } catch (Error e) {
            // Replaying the frame after a reconnect would fail the same way: stop for good and say why.
            refusal = "the listener failed fatally on frame seq " + frame.getSeq() + ": " + e;
            LOG.error("rig {} region {}: {}; the port stops", settings.address(), settings.region(), refusal, e);
            ended.countDown();
            if (channel != null) {
                channel.close();
            }
            throw e;
        }
        if (++sinceAck >= settings.ackEveryFrames() && channel != null && channel.isActive()) {
            sinceAck = 0;
            channel.writeAndFlush(RigFrame.newBuilder().setAck(RigAck.newBuilder().setThroughSeq(orderer.nextSeq() - 1))
                    .build(), channel.voidPromise());
        }
    }

    /** The handler of one connection; runs on the port's single event loop, the delivery thread. */
    private final class Connection extends SimpleChannelInboundHandler<RigFrame> {
        @Override
        public void channelActive(ChannelHandlerContext ctx) throws Exception {
            ctx.writeAndFlush(RigFrame.newBuilder().setHello(RigHello.newBuilder()
                    .setRegion(settings.region().name()).setResumeFromSeq(orderer.nextSeq())
                    .setPurpose(RigHello.Purpose.OBSERVE)).build());
            super.channelActive(ctx);
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, RigFrame frame) {
            switch (frame.getBodyCase()) {
                case WELCOME -> {
                    backoffNanos = settings.reconnectMin().toNanos();
                    delivery.advance(frame.getWelcome().getClockEpochNanos());
                    wholeSimulation = frame.getWelcome().getWholeSimulation();
                    if (!started) {
                        // hold the stream in the socket until there is someone to deliver to
                        ctx.channel().config().setAutoRead(false);
                    }
                    LOG.info("rig {} region {}: connected, resuming from seq {} of {}", settings.address(),
                            settings.region(), orderer.nextSeq(), frame.getWelcome().getLastSeq());
                    welcomed.countDown();
                }
                case ERROR -> {
                    refusal = frame.getError().getMessage();
                    LOG.error("rig {} region {} refused the port: {}", settings.address(), settings.region(), refusal);
                    welcomed.countDown();
                    ended.countDown();
                    ctx.close();
                }
                case START, END, TICK, END_OF_STREAM -> offer(frame);
                default -> delivery.reject("unexpected frame " + frame.getBodyCase() + " from the rig");
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            orderer.clearHeld();
            if (!closed && !endOfStream && refusal == null) {
                LOG.info("rig {} region {}: link dropped at seq {}; reconnecting", settings.address(), settings.region(),
                        orderer.nextSeq());
                scheduleReconnect();
            }
            super.channelInactive(ctx);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            LOG.warn("rig {} region {}: {}; closing the link", settings.address(), settings.region(), cause.toString());
            ctx.close();
        }
    }
}
