package io.pmr.collector.http;

import io.pmr.collector.data.ActivityData;
import io.pmr.collector.report.ReportTable;
import io.pmr.collector.report.ReportWriter;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.util.concurrent.DefaultThreadFactory;
import com.sun.management.UnixOperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The collector's HTTP API and Prometheus {@code /metrics} (see docs/operations.md). One Netty event loop of its own
 * accepts and parses; at most {@link HttpSettings#maxConnections()} connections are open at once (one more is closed
 * at accept and counted), each must send a request within {@link HttpSettings#requestTimeout()} and idles at most
 * {@link HttpSettings#idleTimeout()} ({@link ConnectionDeadline}). Handlers run on a small worker pool, because they read SQLite and compute reports, which must never block
 * the event loop. <b>Read endpoints need no token</b>: the server binds loopback unless configured otherwise, and
 * anything it serves is also in the reports. Write endpoints ({@code POST /api/imports/{kind}}) need the bearer token
 * of {@link HttpSettings#token()}. Thread-safe; {@link #close()} stops accepting, then lets running handlers finish.
 */
public final class ApiServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);
    private static final int QUEUED_REQUESTS = 64;

    private final EventLoopGroup group;
    private final Channel channel;
    private final ExecutorService workers;
    private final ActivityData store;
    private final InetSocketAddress address;
    private boolean closed;

    private ApiServer(EventLoopGroup group, Channel channel, ExecutorService workers, ActivityData store) {
        this.group = group;
        this.channel = channel;
        this.workers = workers;
        this.store = store;
        this.address = (InetSocketAddress) channel.localAddress();
    }

    /**
     * Binds and starts serving.
     *
     * @param activity     the periods with data and the agents' status, read on worker threads; the server owns it
     *                     from here: closed when the server closes or fails to start
     * @param clock        the collector's clock: the current and latest closed periods of {@code /metrics}, ages,
     *                     the levels' ttl
     * @param html         renders {@code report.html}; {@link HtmlRenderer#UNAVAILABLE} answers 501
     * @param histograms   the latency histograms (nanoseconds)
     */
    public static ApiServer start(HttpSettings settings, CollectorView collector, ActivityData activity, Clock clock,
            HtmlRenderer html, HistogramSource histograms) {
        Objects.requireNonNull(collector, "collector");
        return start(settings, collector, activity, clock, html, histograms,
                period -> {
                    Map<String, Supplier<ReportTable>> tables = new LinkedHashMap<>();
                    ReportWriter.tables(collector.report(period).figuresOnly()).forEach((name, t) -> tables.put(name,
                            () -> t));
                    return tables;
                });
    }

    /**
     * Binds and starts serving, the page's tables from {@code tables} (see {@link #start(HttpSettings, CollectorView,
     * ActivityData, Clock, HtmlRenderer, HistogramSource)} for the others; that one serves the report's own tables).
     *
     * @param tables every table the page shows, for {@code /api/periods/{p}/tables}
     */
    public static ApiServer start(HttpSettings settings, CollectorView collector, ActivityData activity, Clock clock,
            HtmlRenderer html, HistogramSource histograms, TableSource tables) {
        ActivityData store = Objects.requireNonNull(activity, "activity");
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(collector, "collector");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(html, "html");
        ApiCounters counters = new ApiCounters();
        LiveLevels levels = new LiveLevels(collector::report, store::periodsWithData, clock, settings.liveLevelsTtl());
        Routes routes = new Routes(
                new PeriodRoutes(collector, store, Objects.requireNonNull(histograms, "histograms"), html,
                        Objects.requireNonNull(tables, "tables")),
                new ImportRoute(collector, settings.token()),
                new Metrics(collector::counters, collector::brokerRestarts, levels, store, clock, counters,
                        BuildLabel.current()), store, clock);
        ExecutorService workers = workers(settings.workerThreads());
        warnIfOverFileLimit(settings.maxConnections());
        // the API's own event loop: the embedded broker makes its own groups, so a flood here never
        // delays an MQTT accept or read, and maxConnections bounds the descriptors this side can take
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("pmr-http-loop", true),
                NioIoHandler.newFactory());
        try {
            Channel channel = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            if (!counters.opened(settings.maxConnections())) {
                                // over the cap: closed before a byte is read or a handler is made
                                LOG.debug("Refused HTTP connection {}: {} open", ch.remoteAddress(),
                                        settings.maxConnections());
                                ch.config().setOption(ChannelOption.SO_LINGER, 0);
                                ch.close();
                                return;
                            }
                            ch.closeFuture().addListener(closed -> counters.closed());
                            ch.pipeline().addLast(new ConnectionDeadline(settings.requestTimeout(),
                                    settings.idleTimeout(), counters), new HttpServerCodec(), new HttpObjectAggregator(
                                    settings.maxRequestBytes()), new HttpHandler(routes, workers, counters));
                        }
                    })
                    .bind(settings.host(), settings.port()).syncUninterruptibly().channel();
            ApiServer server = new ApiServer(group, channel, workers, store);
            LOG.info("HTTP API listening on {} (write endpoints {})", server.url(),
                    settings.token() == null ? "disabled: no token" : "enabled with a token");
            return server;
        } catch (Exception e) {
            // Exception, not RuntimeException: Netty's sync rethrows a failed bind's java.net.BindException unchecked
            // though it is a checked exception, and the loop, the workers and the store must be closed then too
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            workers.shutdownNow();
            store.close();
            throw new IllegalStateException("cannot start the HTTP API on " + settings.host() + ":" + settings.port()
                    + ": " + e.getMessage(), e);
        }
    }

    /**
     * The cap must leave room under the process's file limit for the broker's connections, the database and the
     * JVM's own files: a cap above half the limit is allowed (the operator may know better) but warned about.
     */
    private static void warnIfOverFileLimit(int maxConnections) {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof UnixOperatingSystemMXBean unix) {
            long limit = unix.getMaxFileDescriptorCount();
            if (maxConnections > limit / 2) {
                LOG.warn("HTTP maxConnections {} is more than half the process's file limit {}: a flood of HTTP"
                        + " clients could leave too few descriptors for MQTT clients and the database;"
                        + " lower maxConnections or raise the limit (ulimit -n)", maxConnections, limit);
            }
        }
    }

    private static ExecutorService workers(int threads) {
        AtomicInteger next = new AtomicInteger();
        return new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(QUEUED_REQUESTS), r -> {
                    Thread thread = new Thread(r, "pmr-http-worker-" + next.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
    }

    /** The bound port (the real one when 0 was asked). */
    public int port() {
        return address.getPort();
    }

    /** The base URL, e.g. {@code http://127.0.0.1:41234}. */
    public String url() {
        String host = address.getAddress().getHostAddress();
        return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port();
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        channel.close().syncUninterruptibly();
        workers.shutdown();
        try {
            if (!workers.awaitTermination(10, TimeUnit.SECONDS)) {
                workers.shutdownNow();
            }
        } catch (InterruptedException e) {
            workers.shutdownNow();
            Thread.currentThread().interrupt();
        }
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        store.close();
        LOG.info("HTTP API stopped");
    }
}
