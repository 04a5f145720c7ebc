package io.pmr.hardware.rig;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.pmr.hardware.Region;
import io.pmr.hardware.sim.SimulatedResponder;
import io.pmr.proto.v1.RigControl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The simulated rig as a TCP server: serves each served region's {@link RigJournal} to observation
 * connections from the seq they ask for, answers test commands with a {@link SimulatedResponder} on real
 * time, and injects link faults (from its settings, or on a {@link RigControl} frame).
 *
 * <p>Threading: Netty event loops serve connections; {@link #apply}, {@link #faults()}, the counters and
 * {@link #close()} may be called from any thread.
 */
public final class RigServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RigServer.class);

    private final RigServerSettings settings;
    private final Map<Region, RigJournal> journals;
    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final ScheduledExecutorService responderScheduler;
    private final ChannelGroup observeChannels = new DefaultChannelGroup("rig-observe", GlobalEventExecutor.INSTANCE);
    private final Set<SimulatedResponder> responders = ConcurrentHashMap.newKeySet();
    private final RigCodecCounters codecCounters = new RigCodecCounters();
    private final AtomicLong connections = new AtomicLong();
    private final AtomicLong framesWritten = new AtomicLong();
    private final AtomicLong duplicatesWritten = new AtomicLong();
    private final AtomicLong reordered = new AtomicLong();
    private final AtomicLong linksDropped = new AtomicLong();
    private final Channel serverChannel;
    private volatile RigFaultOptions faults;

    private RigServer(RigServerSettings settings, Map<Region, RigJournal> journals) throws InterruptedException {
        this.settings = settings;
        this.journals = new EnumMap<>(journals);
        this.faults = settings.faults();
        this.boss = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        this.workers = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
        this.responderScheduler = Executors.newScheduledThreadPool(1, r -> {
            Thread thread = new Thread(r, "pmr-rig-responder");
            thread.setDaemon(true);
            return thread;
        });
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(boss, workers)
                .channel(NioServerSocketChannel.class)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(32 * 1024, 64 * 1024))
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        long number = connections.incrementAndGet();
                        RigCodec.install(channel.pipeline(), settings.maxFrameBytes(), codecCounters);
                        channel.pipeline().addLast("rig", new RigServerConnection(RigServer.this, number));
                    }
                });
        try {
            this.serverChannel = bootstrap.bind(settings.host(), settings.port()).sync().channel();
        } catch (Exception e) {
            // Exception: Netty's sync rethrows a failed bind's java.net.BindException unchecked though it is checked
            shutdownGroups();
            throw e;
        }
    }

    /**
     * Binds and starts serving.
     *
     * @param journals the served regions' journals; a client asking for another region is refused
     * @throws IllegalStateException when the address cannot be bound
     */
    public static RigServer start(RigServerSettings settings, Map<Region, RigJournal> journals) {
        if (settings == null || journals == null || journals.isEmpty()) {
            throw new IllegalArgumentException("settings and at least one journal are required");
        }
        try {
            RigServer server = new RigServer(settings, journals);
            LOG.info("rig listening on {} for regions {}, faults: {}", server.address(), journals.keySet(),
                    settings.faults().summary());
            return server;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while binding " + settings.host() + ":" + settings.port(), e);
        } catch (Exception e) {
            // Exception, not RuntimeException: a failed bind arrives as an undeclared java.net.BindException
            throw new IllegalStateException("cannot listen on " + settings.host() + ":" + settings.port() + ": "
                    + e.getMessage(), e);
        }
    }

    /** The bound address (the real port when the settings asked for 0). */
    public InetSocketAddress address() {
        return (InetSocketAddress) serverChannel.localAddress();
    }

    /** The faults in force now. */
    public RigFaultOptions faults() {
        return faults;
    }

    /**
     * Applies a fault command: DROP_LINK closes every open observation connection now; DUPLICATE, REORDER and
     * DELAY replace that setting; STALL stalls every open command responder; CLEAR turns every fault off.
     *
     * @return a summary of the faults now in force
     * @throws IllegalArgumentException for an unspecified action or an out-of-range probability
     */
    public String apply(RigControl control) {
        RigFaultOptions now = faults;
        switch (control.getAction()) {
            case DROP_LINK -> {
                int open = observeChannels.size();
                observeChannels.close();
                linksDropped.addAndGet(open);
                LOG.info("rig: dropped {} observation links on command", open);
            }
            case DUPLICATE -> faults = now.withDuplicateProbability(control.getProbability());
            case REORDER -> faults = now.withReorderProbability(control.getProbability());
            case DELAY -> faults = now.withDelay(Duration.ofMillis(control.getDurationMillis()));
            case STALL -> {
                Duration stall = Duration.ofMillis(control.getDurationMillis());
                for (SimulatedResponder responder : responders) {
                    responder.stall(stall);
                }
                LOG.info("rig: {} command responders stalled for {}", responders.size(), stall);
            }
            case CLEAR -> faults = RigFaultOptions.none().withSeed(now.seed());
            default -> throw new IllegalArgumentException("control action " + control.getAction() + " is not one of "
                    + "DROP_LINK, DUPLICATE, REORDER, DELAY, STALL, CLEAR");
        }
        String summary = faults.summary();
        LOG.info("rig: control {} applied; faults now {}", control.getAction(), summary);
        return summary;
    }

    /** What the rig rejected from its clients. */
    public RigCodecCounters codecCounters() {
        return codecCounters;
    }

    public long connections() {
        return connections.get();
    }

    /** Journal frames written (duplicates included). */
    public long framesWritten() {
        return framesWritten.get();
    }

    public long duplicatesWritten() {
        return duplicatesWritten.get();
    }

    public long reordered() {
        return reordered.get();
    }

    /** Observation links the rig closed on purpose (on command or by drop-link-every). */
    public long linksDropped() {
        return linksDropped.get();
    }

    @Override
    public void close() {
        serverChannel.close().syncUninterruptibly();
        observeChannels.close().syncUninterruptibly();
        for (SimulatedResponder responder : responders) {
            responder.close();
        }
        shutdownGroups();
        LOG.info("rig closed: {} connections, {} frames written, {} links dropped", connections(), framesWritten(),
                linksDropped());
    }

    private void shutdownGroups() {
        boss.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS);
        workers.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS);
        responderScheduler.shutdownNow();
    }

    RigJournal journal(Region region) {
        return journals.get(region);
    }

    RigServerSettings settings() {
        return settings;
    }

    void observing(Channel channel) {
        observeChannels.add(channel);
    }

    SimulatedResponder newResponder(Region region, long connection) {
        SimulatedResponder responder = new SimulatedResponder(region, settings.responderSeed() + connection,
                settings.latencies(), io.pmr.hardware.TimeSource.system(), responderScheduler);
        responders.add(responder);
        if (!faults.stall().isZero()) {
            responder.stall(faults.stall());
        }
        return responder;
    }

    void responderClosed(SimulatedResponder responder) {
        responders.remove(responder);
        responder.close();
    }

    void countWritten(boolean duplicate) {
        framesWritten.incrementAndGet();
        if (duplicate) {
            duplicatesWritten.incrementAndGet();
        }
    }

    void countReordered() {
        reordered.incrementAndGet();
    }

    void countDropped() {
        linksDropped.incrementAndGet();
    }
}
