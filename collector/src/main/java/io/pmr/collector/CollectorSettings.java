package io.pmr.collector;

import io.pmr.collector.http.HttpSettings;
import io.pmr.collector.ingest.IngestSettings;
import io.pmr.collector.ingest.PipelineSettings;
import io.pmr.collector.security.BrokerSecurity;
import io.pmr.collector.security.ClientSecurity;
import io.pmr.collector.store.StoreLocation;
import io.pmr.mqtt.BrokerUrls;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Configuration of a {@link Collector}. Validated on construction; messages name the field.
 *
 * @param externalBrokerUrl        URL of an external MQTT broker ({@code tcp://host:port}), or null to run the
 *                                 embedded one
 * @param embeddedHost             interface the embedded broker binds
 * @param embeddedPort             port of the embedded broker, 0 for an ephemeral one
 * @param embeddedSessionQueueSize the embedded broker's session queue size
 * @param store                    the store: a SQLite file (its directory is the collector's data dir, where the
 *                                 embedded broker keeps its files) or a PostgreSQL database (then the embedded
 *                                 broker's files go to {@code ./broker})
 * @param cataloguePath            a catalogue CSV, or null for the shipped one
 * @param maxMessageBytes          largest accepted message payload
 * @param clientId                 the ingest's fixed MQTT client id
 * @param ingestBatchSize          most messages per database transaction
 * @param brokerSecurity           TLS, credentials and topic rights of the embedded broker, or null (plain TCP,
 *                                 anonymous: the loopback default); only with the embedded broker
 * @param externalBrokerSecurity   how the ingest logs in to a secured external broker, or null; only with
 *                                 {@code externalBrokerUrl}, which must then be {@code ssl://}
 * @param http                     the HTTP API and /metrics, or null for none
 * @param maxClockSkew             how far beyond the collector's clock an agent's times may lie before its envelope
 *                                 is refused as {@code time_out_of_range} (positive, at most 365 days)
 * @param ingestMaxBatchDelay      longest a batch waits from its first message for more before it is committed
 *                                 (0 to 10 s; see {@link PipelineSettings})
 * @param ingestValidatorThreads   threads parsing and validating beside the writer, 1 to 64
 * @param shareGroup               MQTT shared subscription group of the collectors sharing the agents' stream, or
 *                                 null for a collector alone; only with {@code externalBrokerUrl} (the embedded
 *                                 broker serves one collector); a valid
 *                                 {@linkplain io.pmr.model.Topics#shareGroupProblem group name}
 */
public record CollectorSettings(String externalBrokerUrl, String embeddedHost, int embeddedPort,
        int embeddedSessionQueueSize, StoreLocation store, Path cataloguePath, int maxMessageBytes, String clientId,
        int ingestBatchSize, BrokerSecurity brokerSecurity, ClientSecurity externalBrokerSecurity, HttpSettings http,
        Duration maxClockSkew, Duration ingestMaxBatchDelay, int ingestValidatorThreads, String shareGroup) {

    /** Settings without security and without the HTTP API, with the default clock skew. */
    public CollectorSettings(String externalBrokerUrl, String embeddedHost, int embeddedPort,
            int embeddedSessionQueueSize, Path databasePath, Path cataloguePath, int maxMessageBytes, String clientId,
            int ingestBatchSize) {
        this(externalBrokerUrl, embeddedHost, embeddedPort, embeddedSessionQueueSize,
                databasePath == null ? null : new StoreLocation.SqliteFile(databasePath), cataloguePath,
                maxMessageBytes, clientId, ingestBatchSize, null, null, null, DEFAULT_MAX_CLOCK_SKEW,
                PipelineSettings.DEFAULT_MAX_BATCH_DELAY, DEFAULT_INGEST_VALIDATOR_THREADS, null);
    }

    /** One validator thread per available core up to 4 (the writer is the other consumer of CPU). */
    public static final int DEFAULT_INGEST_VALIDATOR_THREADS =
            Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));

    /** The ingest pipeline's settings: these batch limits and threads, a queue of four batches (at least 64). */
    public PipelineSettings pipelineSettings() {
        return new PipelineSettings(ingestBatchSize, ingestMaxBatchDelay, ingestValidatorThreads,
                Math.max(64, ingestBatchSize * 4));
    }

    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_SESSION_QUEUE_SIZE = 262_144;
    public static final int DEFAULT_MAX_MESSAGE_BYTES = 4 * 1024 * 1024;
    public static final String DEFAULT_CLIENT_ID = "pmr-collector";
    public static final int DEFAULT_INGEST_BATCH_SIZE = 500;
    /** Agents' clocks may run this far ahead of the collector's before their times are refused. */
    public static final Duration DEFAULT_MAX_CLOCK_SKEW = IngestSettings.DEFAULT_MAX_CLOCK_SKEW;
    /** Upper bound of maxMessageBytes: the embedded broker's frame limit must stay an int after adding header room. */
    public static final int MAX_MESSAGE_BYTES_LIMIT = 256 * 1024 * 1024;

    public CollectorSettings {
        if (externalBrokerUrl != null) {
            BrokerUrls.check("externalBrokerUrl", externalBrokerUrl);
        }
        if (embeddedHost == null || embeddedHost.isBlank()) {
            throw new IllegalArgumentException("embeddedHost must be set");
        }
        if (embeddedPort < 0 || embeddedPort > 65_535) {
            throw new IllegalArgumentException("embeddedPort must be 0..65535, was " + embeddedPort);
        }
        if (embeddedSessionQueueSize < 1) {
            throw new IllegalArgumentException("embeddedSessionQueueSize must be >= 1, was "
                    + embeddedSessionQueueSize);
        }
        if (store == null) {
            throw new IllegalArgumentException("store must be set (a database file or a PostgreSQL location)");
        }
        if (maxMessageBytes < 1024 || maxMessageBytes > MAX_MESSAGE_BYTES_LIMIT) {
            throw new IllegalArgumentException("maxMessageBytes must be 1024.." + MAX_MESSAGE_BYTES_LIMIT + ", was "
                    + maxMessageBytes);
        }
        if (clientId == null || clientId.isBlank() || clientId.length() > 65_535) {
            throw new IllegalArgumentException("clientId must be a non-blank string");
        }
        if (ingestBatchSize < 1 || ingestBatchSize > 100_000) {
            throw new IllegalArgumentException("ingestBatchSize must be 1..100000, was " + ingestBatchSize);
        }
        // the pipeline's own checks, naming its field: fails at configuration, not when ingest starts
        new PipelineSettings(ingestBatchSize, ingestMaxBatchDelay, ingestValidatorThreads,
                Math.max(64, ingestBatchSize * 4));
        IngestSettings.checkMaxClockSkew(maxClockSkew);
        if (brokerSecurity != null && externalBrokerUrl != null) {
            throw new IllegalArgumentException("brokerSecurity secures the embedded broker: not with externalBrokerUrl");
        }
        if (externalBrokerSecurity != null && (externalBrokerUrl == null || !externalBrokerUrl.startsWith("ssl://"))) {
            throw new IllegalArgumentException("externalBrokerSecurity needs an ssl:// externalBrokerUrl, was "
                    + externalBrokerUrl);
        }
        if (shareGroup != null) {
            if (externalBrokerUrl == null) {
                throw new IllegalArgumentException("shareGroup needs externalBrokerUrl: the embedded broker serves"
                        + " one collector only; collectors share the agents' stream through an external broker with"
                        + " shared subscriptions (Mosquitto 2.0, EMQX, HiveMQ, VerneMQ)");
            }
            String problem = io.pmr.model.Topics.shareGroupProblem(shareGroup);
            if (problem != null) {
                throw new IllegalArgumentException("shareGroup: " + problem);
            }
        }
    }

    /** The SQLite file of the store, or null when the store is a PostgreSQL database. */
    public Path databasePath() {
        return store instanceof StoreLocation.SqliteFile sqlite ? sqlite.file() : null;
    }

    /** Where the collector keeps its own files (the embedded broker's): beside a SQLite file, else the working dir. */
    public Path dataDir() {
        Path file = databasePath();
        return file == null ? Path.of("").toAbsolutePath() : file.toAbsolutePath().getParent();
    }

    /** True when the collector runs its own broker. */
    public boolean embedded() {
        return externalBrokerUrl == null;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Builder with the defaults: embedded broker on 127.0.0.1:0, queue 262144, 4 MiB, "pmr-collector", 500, no HTTP
     * API.
     */
    public static final class Builder {
        private String externalBrokerUrl;
        private String embeddedHost = DEFAULT_HOST;
        private int embeddedPort;
        private int embeddedSessionQueueSize = DEFAULT_SESSION_QUEUE_SIZE;
        private StoreLocation store;
        private Path cataloguePath;
        private int maxMessageBytes = DEFAULT_MAX_MESSAGE_BYTES;
        private String clientId = DEFAULT_CLIENT_ID;
        private int ingestBatchSize = DEFAULT_INGEST_BATCH_SIZE;
        private Duration ingestMaxBatchDelay = PipelineSettings.DEFAULT_MAX_BATCH_DELAY;
        private int ingestValidatorThreads = DEFAULT_INGEST_VALIDATOR_THREADS;
        private Duration maxClockSkew = DEFAULT_MAX_CLOCK_SKEW;
        private HttpSettings http;
        private BrokerSecurity brokerSecurity;
        private ClientSecurity externalBrokerSecurity;
        private String shareGroup;

        private Builder() {
        }

        /** Shares the agents' stream with the other collectors of this group (default null: alone). */
        public Builder shareGroup(String value) {
            this.shareGroup = value;
            return this;
        }

        public Builder externalBrokerUrl(String value) {
            this.externalBrokerUrl = value;
            return this;
        }

        public Builder embeddedHost(String value) {
            this.embeddedHost = value;
            return this;
        }

        public Builder embeddedPort(int value) {
            this.embeddedPort = value;
            return this;
        }

        public Builder embeddedSessionQueueSize(int value) {
            this.embeddedSessionQueueSize = value;
            return this;
        }

        public Builder databasePath(Path value) {
            this.store = value == null ? null : new StoreLocation.SqliteFile(value);
            return this;
        }

        /** The store: a SQLite file or a PostgreSQL database. */
        public Builder store(StoreLocation value) {
            this.store = value;
            return this;
        }

        public Builder cataloguePath(Path value) {
            this.cataloguePath = value;
            return this;
        }

        public Builder maxMessageBytes(int value) {
            this.maxMessageBytes = value;
            return this;
        }

        public Builder clientId(String value) {
            this.clientId = value;
            return this;
        }

        public Builder ingestBatchSize(int value) {
            this.ingestBatchSize = value;
            return this;
        }

        /** Longest a batch waits for more messages before its commit (default 10 ms; 0 to 10 s). */
        public Builder ingestMaxBatchDelay(Duration value) {
            this.ingestMaxBatchDelay = value;
            return this;
        }

        /** Threads parsing and validating beside the writer (default: available cores up to 4; 1 to 64). */
        public Builder ingestValidatorThreads(int value) {
            this.ingestValidatorThreads = value;
            return this;
        }

        public Builder brokerSecurity(BrokerSecurity value) {
            this.brokerSecurity = value;
            return this;
        }

        public Builder externalBrokerSecurity(ClientSecurity value) {
            this.externalBrokerSecurity = value;
            return this;
        }

        /** Serves the HTTP API and /metrics with these settings (null, the default: no HTTP server). */
        public Builder http(HttpSettings value) {
            this.http = value;
            return this;
        }

        public CollectorSettings build() {
            return new CollectorSettings(externalBrokerUrl, embeddedHost, embeddedPort, embeddedSessionQueueSize,
                    store, cataloguePath, maxMessageBytes, clientId, ingestBatchSize, brokerSecurity,
                    externalBrokerSecurity, http, maxClockSkew, ingestMaxBatchDelay, ingestValidatorThreads,
                    shareGroup);
        }

        /** How far ahead of the collector's clock agents' times may lie (default 1 day). */
        public Builder maxClockSkew(Duration value) {
            this.maxClockSkew = value;
            return this;
        }
    }
}
