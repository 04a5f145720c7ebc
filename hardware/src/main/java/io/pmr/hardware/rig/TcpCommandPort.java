package io.pmr.hardware.rig;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.pmr.hardware.CommandListener;
import io.pmr.hardware.CommandPort;
import io.pmr.hardware.EventKind;
import io.pmr.hardware.Region;
import io.pmr.hardware.TimeSource;
import io.pmr.proto.v1.RigFrame;
import io.pmr.proto.v1.RigHello;
import io.pmr.proto.v1.RigHubCommand;
import io.pmr.proto.v1.RigHubCommandResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A {@link CommandPort} on a rig over TCP, for the live round-trip tool. Commands go to the rig's
 * responder; responses carry the rig's timestamp (its system clock at the response).
 *
 * <p>Clocks: {@link #timeSource()} is this machine's system clock, which the tool uses for send times,
 * while response times are the rig's: the rig and the tool must share a clock (same host, or both on
 * NTP); an offset between them shows up as latency.
 *
 * <p>No reconnect: a command sent while the link is down is not sent (counted in {@link #unsent()}); the
 * tool counts it lost. Threading: {@link #send} from any thread; responses on the port's one event loop
 * thread, one at a time.
 */
public final class TcpCommandPort implements CommandPort {
    private static final Logger LOG = LoggerFactory.getLogger(TcpCommandPort.class);

    private final RigAddress address;
    private final Region region;
    private final EventLoopGroup loop;
    private final RigCodecCounters codecCounters = new RigCodecCounters();
    private final CountDownLatch welcomed = new CountDownLatch(1);
    private final Channel channel;
    private volatile CommandListener listener;
    private volatile boolean closed;
    private volatile String refusal;
    private volatile long unsent;

    private TcpCommandPort(RigAddress address, Region region, Duration timeout) {
        this.address = address;
        this.region = region;
        this.loop = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("pmr-rig-commands", true),
                NioIoHandler.newFactory());
        try {
            this.channel = RigClients.connect(loop, address, timeout, codecCounters, Responses::new);
        } catch (RuntimeException e) {
            loop.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            throw e;
        }
    }

    /**
     * Connects and waits for the rig's welcome.
     *
     * @throws IllegalStateException when the rig cannot be reached or refuses
     */
    public static TcpCommandPort open(RigAddress address, Region region, Duration timeout) {
        if (address == null || region == null || timeout == null) {
            throw new IllegalArgumentException("address, region and timeout must not be null");
        }
        TcpCommandPort port = new TcpCommandPort(address, region, timeout);
        port.channel.writeAndFlush(RigFrame.newBuilder().setHello(RigHello.newBuilder().setRegion(region.name())
                .setPurpose(RigHello.Purpose.COMMANDS)).build());
        boolean ok;
        try {
            ok = port.welcomed.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            ok = false;
        }
        if (!ok || port.refusal != null) {
            port.close();
            throw new IllegalStateException("rig " + address + ": " + (port.refusal != null ? "refused: " + port.refusal
                    : "no welcome within " + timeout));
        }
        return port;
    }

    @Override
    public Region region() {
        return region;
    }

    /** This machine's system clock (see the class comment on shared clocks). */
    @Override
    public TimeSource timeSource() {
        return TimeSource.system();
    }

    @Override
    public void attach(CommandListener newListener) {
        if (newListener == null) {
            throw new IllegalArgumentException("listener must not be null");
        }
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException("command port " + address + " is closed");
            }
            if (listener != null) {
                throw new IllegalStateException("command port " + address + " already has a listener");
            }
            listener = newListener;
        }
    }

    @Override
    public void send(long commandId, EventKind kind) {
        if (closed || !channel.isActive()) {
            unsent++;
            return;
        }
        channel.writeAndFlush(RigFrame.newBuilder().setCommand(RigHubCommand.newBuilder().setCommandId(commandId)
                .setKind(RigFrames.kind(kind))).build(), channel.voidPromise());
    }

    /** Commands not sent because the link was down or the port closed. */
    public long unsent() {
        return unsent;
    }

    public RigCodecCounters codecCounters() {
        return codecCounters;
    }

    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            listener = null;
        }
        channel.close();
        loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private final class Responses extends SimpleChannelInboundHandler<RigFrame> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, RigFrame frame) {
            switch (frame.getBodyCase()) {
                case WELCOME -> welcomed.countDown();
                case ERROR -> {
                    refusal = frame.getError().getMessage();
                    welcomed.countDown();
                }
                case COMMAND_RESPONSE -> {
                    RigHubCommandResponse response = frame.getCommandResponse();
                    CommandListener target = listener;
                    if (target != null) {
                        target.onResponse(response.getCommandId(), response.getResponseEpochNanos(), response.getSuccess());
                    }
                }
                default -> {
                    String reason = "unexpected frame " + frame.getBodyCase() + " on a command connection";
                    codecCounters.reject(reason);
                    LOG.warn("rig {}: {}; skipped", address, reason);
                }
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            if (!closed) {
                LOG.warn("rig {}: command link dropped; later commands are not sent", address);
            }
            super.channelInactive(ctx);
        }
    }
}
