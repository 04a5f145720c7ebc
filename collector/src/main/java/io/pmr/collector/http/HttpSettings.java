package io.pmr.collector.http;

import java.time.Duration;

/**
 * Configuration of the collector's HTTP API. Validated on construction; messages name the field. {@link #toString()}
 * never shows the token.
 *
 * @param host             interface to bind; loopback by default, because read endpoints need no token
 * @param port             port to bind, 0 for an ephemeral one
 * @param token            bearer token that write endpoints ({@code POST /api/imports/...}) require; null disables
 *                         them (403), never opens them
 * @param liveLevelsTtl    how long {@code /metrics} reuses the current period's computed levels
 * @param maxRequestBytes  largest accepted request body; larger ones get 413
 * @param workerThreads    threads that run handlers (SQLite reads, report computations) off the event loop
 * @param maxConnections   open connections served at once; one more is closed as soon as it is accepted (and
 *                         counted), so slow or hostile clients hold at most this many file descriptors and never
 *                         the broker's
 * @param requestTimeout   longest time from a request's first byte to its last (headers and body); a connection
 *                         that takes longer is closed (slow-loris clients, half-sent requests)
 * @param idleTimeout      longest time a connection may wait for its first request, or for the next one after a
 *                         response was handed to it; then it is closed
 */
public record HttpSettings(String host, int port, String token, Duration liveLevelsTtl, int maxRequestBytes,
        int workerThreads, int maxConnections, Duration requestTimeout, Duration idleTimeout) {

    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final Duration DEFAULT_LIVE_LEVELS_TTL = Duration.ofSeconds(30);
    public static final int DEFAULT_MAX_REQUEST_BYTES = 16 * 1024 * 1024;
    public static final int DEFAULT_WORKER_THREADS = 2;
    public static final int DEFAULT_MAX_CONNECTIONS = 256;
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(60);
    private static final int MAX_CONNECTIONS_LIMIT = 100_000;
    private static final Duration LONGEST_TIMEOUT = Duration.ofHours(1);

    public HttpSettings {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("host must be set");
        }
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be 0..65535, was " + port);
        }
        if (token != null && (token.length() < 16 || !token.chars().allMatch(c -> c > 0x20 && c < 0x7f))) {
            throw new IllegalArgumentException("token must be at least 16 printable ASCII characters without spaces"
                    + " (its value is not shown)");
        }
        if (liveLevelsTtl == null || liveLevelsTtl.isNegative()) {
            throw new IllegalArgumentException("liveLevelsTtl must be zero or positive, was " + liveLevelsTtl);
        }
        if (maxRequestBytes < 1024 || maxRequestBytes > 256 * 1024 * 1024) {
            throw new IllegalArgumentException("maxRequestBytes must be 1024..268435456, was " + maxRequestBytes);
        }
        if (workerThreads < 1 || workerThreads > 64) {
            throw new IllegalArgumentException("workerThreads must be 1..64, was " + workerThreads);
        }
        if (maxConnections < 1 || maxConnections > MAX_CONNECTIONS_LIMIT) {
            throw new IllegalArgumentException("maxConnections must be 1.." + MAX_CONNECTIONS_LIMIT + ", was "
                    + maxConnections);
        }
        checkTimeout("requestTimeout", requestTimeout);
        checkTimeout("idleTimeout", idleTimeout);
    }

    private static void checkTimeout(String field, Duration timeout) {
        if (timeout == null || timeout.toMillis() < 1 || timeout.compareTo(LONGEST_TIMEOUT) > 0) {
            throw new IllegalArgumentException(field + " must be 1 ms..1 h, was " + timeout);
        }
    }

    /** Loopback, an ephemeral port, no token (write endpoints disabled), every other setting its default. */
    public static HttpSettings loopback() {
        return new HttpSettings(DEFAULT_HOST, 0, null, DEFAULT_LIVE_LEVELS_TTL, DEFAULT_MAX_REQUEST_BYTES,
                DEFAULT_WORKER_THREADS, DEFAULT_MAX_CONNECTIONS, DEFAULT_REQUEST_TIMEOUT, DEFAULT_IDLE_TIMEOUT);
    }

    /** These settings with another bind address. */
    public HttpSettings withAddress(String newHost, int newPort) {
        return new HttpSettings(newHost, newPort, token, liveLevelsTtl, maxRequestBytes, workerThreads, maxConnections,
                requestTimeout, idleTimeout);
    }

    /** These settings with a write token (null disables write endpoints). */
    public HttpSettings withToken(String newToken) {
        return new HttpSettings(host, port, newToken, liveLevelsTtl, maxRequestBytes, workerThreads, maxConnections,
                requestTimeout, idleTimeout);
    }

    /** These settings with another live-levels ttl. */
    public HttpSettings withLiveLevelsTtl(Duration ttl) {
        return new HttpSettings(host, port, token, ttl, maxRequestBytes, workerThreads, maxConnections,
                requestTimeout, idleTimeout);
    }

    /** These settings with another request size cap. */
    public HttpSettings withMaxRequestBytes(int bytes) {
        return new HttpSettings(host, port, token, liveLevelsTtl, bytes, workerThreads, maxConnections,
                requestTimeout, idleTimeout);
    }

    /** These settings with other connection limits (see the record's fields). */
    public HttpSettings withConnectionLimits(int newMaxConnections, Duration newRequestTimeout,
            Duration newIdleTimeout) {
        return new HttpSettings(host, port, token, liveLevelsTtl, maxRequestBytes, workerThreads, newMaxConnections,
                newRequestTimeout, newIdleTimeout);
    }

    @Override
    public String toString() {
        return "HttpSettings[host=" + host + ", port=" + port + ", token=" + (token == null ? "none" : "***")
                + ", liveLevelsTtl=" + liveLevelsTtl + ", maxRequestBytes=" + maxRequestBytes + ", workerThreads="
                + workerThreads + ", maxConnections=" + maxConnections + ", requestTimeout=" + requestTimeout
                + ", idleTimeout=" + idleTimeout + "]";
    }
}
