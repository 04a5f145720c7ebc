package io.pmr.agent.metrics;

import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves a registry on {@code http://HOST:PORT/metrics} (Prometheus text, or OpenMetrics when asked) with the
 * Prometheus client's exporter on the JDK's own HttpServer: no framework, one daemon thread, so it fits a small
 * gateway. No authentication: bind it to loopback or a management network. Thread-safe; {@link #close()} stops it.
 */
public final class MetricsEndpoint implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MetricsEndpoint.class);

    private final HTTPServer server;
    private final String host;

    private MetricsEndpoint(HTTPServer server, String host) {
        this.server = server;
        this.host = host;
    }

    /**
     * Binds and starts serving.
     *
     * @param port 0 for an ephemeral port ({@link #port()} tells which)
     * @throws UncheckedIOException naming the address when it cannot be bound
     */
    public static MetricsEndpoint start(String host, int port, PrometheusRegistry registry) {
        ExecutorService thread = Executors.newSingleThreadExecutor(runnable -> {
            Thread t = new Thread(runnable, "pmr-agent-metrics");
            t.setDaemon(true);
            return t;
        });
        try {
            HTTPServer server = HTTPServer.builder().hostname(host).port(port).registry(registry)
                    .executorService(thread).buildAndStart();
            MetricsEndpoint endpoint = new MetricsEndpoint(server, host);
            LOG.info("Agent metrics on {}", endpoint.url());
            return endpoint;
        } catch (IOException e) {
            thread.shutdownNow();
            throw new UncheckedIOException("cannot serve metrics on " + host + ":" + port + ": " + e.getMessage(), e);
        }
    }

    /** The bound port. */
    public int port() {
        return server.getPort();
    }

    /** {@code http://HOST:PORT/metrics}. */
    public String url() {
        String shown = host.contains(":") ? "[" + host + "]" : host;
        return "http://" + shown + ":" + port() + "/metrics";
    }

    @Override
    public void close() {
        server.close();
    }
}
