package io.pmr.launcher;

import io.pmr.collector.Collector;
import io.pmr.collector.CollectorSettings;
import io.pmr.collector.http.HttpSettings;
import io.pmr.collector.store.StoreException;
import io.pmr.mqtt.BrokerUrls;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** {@code pmr collector}: the collector on its own, with its embedded broker or an external one. */
@Command(name = "collector", mixinStandardHelpOptions = true,
        description = {"Runs the collector (broker, ingest, store, acknowledgements) until stopped.",
                "Runs the collector until stopped (Ctrl-C): an embedded MQTT broker (or --broker-url),",
                "ingest with idempotent storage into --db, acknowledgements to the agents.",
                "'pmr collector report' computes a month's figures from the database."},
        subcommands = {CollectorReportCommand.class, CollectorImportCommand.class, CollectorAgentsCommand.class,
                CollectorRebuildRollupsCommand.class, CollectorCompactCommand.class})
final class CollectorCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(CollectorCommand.class);
    /** Exit code when the database is refused at start (in use by another collector, damaged, not a pmr store). */
    static final int EXIT_STORE_REFUSED = ExitCode.STORE_REFUSED.code();

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Embedded broker's listen address (default ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--port", defaultValue = "1883", description = "Embedded broker's port, 0 for an ephemeral one (default ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--broker-url", description = "Use this external broker instead of the embedded one, e.g. tcp://mosquitto:1883.")
    String brokerUrl;

    @picocli.CommandLine.Mixin
    StoreOptions database = new StoreOptions();

    @Option(names = "--catalogue", description = "Measure catalogue: a folder (measures.csv and friends) or a measures CSV (default: the shipped one).")
    Path catalogue;

    @Option(names = "--http", paramLabel = "HOST:PORT", description = "Serve the HTTP API and Prometheus /metrics on"
            + " this address, e.g. 127.0.0.1:8080 (port 0: an ephemeral one, printed). Default: off. Read endpoints"
            + " need no token: keep it on loopback or behind a proxy.")
    String http;

    @Option(names = "--http-token-file", paramLabel = "FILE", description = "File holding the bearer token that"
            + " write endpoints (POST /api/imports/{kind}) require; without it they answer 403.")
    Path httpTokenFile;

    @Option(names = "--http-max-connections", paramLabel = "N", defaultValue = "256", description = "HTTP"
            + " connections served at once; more are closed at accept and counted in /metrics (default"
            + " ${DEFAULT-VALUE}). Keep it well under the process's file limit (ulimit -n).")
    int httpMaxConnections;

    @Option(names = "--http-request-timeout-seconds", paramLabel = "S", defaultValue = "30", description = "Longest"
            + " time from a request's first byte to its last, headers and body; slower ones are closed (default"
            + " ${DEFAULT-VALUE}).")
    long httpRequestTimeoutSeconds;

    @Option(names = "--http-idle-timeout-seconds", paramLabel = "S", defaultValue = "60", description = "Longest"
            + " time a connection may wait for its next request (default ${DEFAULT-VALUE}).")
    long httpIdleTimeoutSeconds;
    @Option(names = "--insecure", description = "Start even though --host or --http exposes the broker or the HTTP"
            + " API beyond loopback without TLS and credentials (broker) or a write token (HTTP); logged at WARN on"
            + " every start. See docs/security.md.")
    boolean insecure;

    @Option(names = "--max-clock-skew-hours", paramLabel = "H", defaultValue = "24", description = "How far ahead of"
            + " this collector's clock an agent's times may lie before its envelope is refused as time_out_of_range"
            + " (1..8760, default ${DEFAULT-VALUE}).")
    long maxClockSkewHours;

    @Option(names = "--ingest-batch-size", paramLabel = "N", defaultValue = "500", description = "Most messages"
            + " committed in one database transaction (1..100000, default ${DEFAULT-VALUE}).")
    int ingestBatchSize;

    @Option(names = "--ingest-batch-delay-millis", paramLabel = "MS", defaultValue = "10", description = "Longest a"
            + " batch waits, from its first message, for more before its commit (0..10000, default ${DEFAULT-VALUE}).")
    long ingestBatchDelayMillis;

    @Option(names = "--ingest-validator-threads", paramLabel = "N", description = "Threads that parse and validate"
            + " messages beside the single writer (1..64, default: available cores up to 4).")
    Integer ingestValidatorThreads;

    @Option(names = "--shared", paramLabel = "GROUP", description = "Share the agents' stream with the other"
            + " collectors of GROUP: subscribe with MQTT shared subscriptions ($share/GROUP/pmr/v1/+/...), so the"
            + " broker hands each message to one of them. Needs --broker-url (Mosquitto 2.0, EMQX, HiveMQ, VerneMQ);"
            + " GROUP is 1-64 of A-Z a-z 0-9 _ - . (see docs/scaling.md). Default: off, this collector takes the whole"
            + " stream.")
    String shared;

    @Option(names = "--client-id", paramLabel = "ID", description = "MQTT client id of the ingest; each collector on"
            + " one broker needs its own (default: pmr-collector, or with --shared pmr-collector-GROUP-HOST-PID).")
    String clientId;

    @Spec
    CommandSpec spec;

    @picocli.CommandLine.Mixin
    RunOptions run = new RunOptions();

    @CommandLine.Mixin
    CollectorSecurityOptions security = new CollectorSecurityOptions();

    @Override
    public Integer call() throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        if (maxClockSkewHours < 1 || maxClockSkewHours > 8760) {
            throw new ParameterException(spec.commandLine(), "--max-clock-skew-hours must be 1..8760, was "
                    + maxClockSkewHours);
        }
        requireRange("--ingest-batch-size", ingestBatchSize, 1, 100_000);
        requireRange("--ingest-batch-delay-millis", ingestBatchDelayMillis, 0, 10_000);
        int validatorThreads = ingestValidatorThreads == null ? CollectorSettings.DEFAULT_INGEST_VALIDATOR_THREADS
                : ingestValidatorThreads;
        requireRange("--ingest-validator-threads", validatorThreads, 1, 64);
        String urlProblem = brokerUrl == null ? null : BrokerUrls.problem(brokerUrl);
        if (urlProblem != null) {
            throw new ParameterException(spec.commandLine(), "--broker-url " + brokerUrl + ": " + urlProblem);
        }
        checkShared();
        String ingestClientId = ingestClientId();
        CollectorSettings settings = security.applyTo(CollectorSettings.builder()
                .externalBrokerUrl(brokerUrl).embeddedHost(host).embeddedPort(port)
                .shareGroup(shared).clientId(ingestClientId)
                .store(database.location()).cataloguePath(catalogue).http(httpSettings())
                .maxClockSkew(java.time.Duration.ofHours(maxClockSkewHours))
                .ingestBatchSize(ingestBatchSize).ingestMaxBatchDelay(Duration.ofMillis(ingestBatchDelayMillis))
                .ingestValidatorThreads(validatorThreads)).build();
        List<String> exposures = ExposureCheck.exposures(settings);
        if (!exposures.isEmpty() && !insecure) {
            throw new ParameterException(spec.commandLine(), "refusing to start: " + String.join("; ", exposures)
                    + ". Bind to 127.0.0.1, add the security named, or give --insecure to accept it.");
        }
        for (String exposure : exposures) {
            LOG.warn("--insecure: {}", exposure);
        }
        if (shared != null) {
            // Until the shared PostgreSQL store, --db is a SQLite file of this collector's own.
            LOG.warn("--shared {}: database {} holds only this collector's share of the agents' stream; a month's"
                    + " report needs every collector of the group on one shared store (docs/scaling.md)", shared,
                    database);
        }
        Collector collector;
        try {
            collector = Collector.start(settings);
        } catch (StoreException refused) {
            // A database in use by another collector, damaged, emptied or of another application: one line naming
            // the file and what to do, never a stack trace, and never a new empty store in its place.
            System.err.println("pmr collector: refusing to start: " + refused.getMessage());
            return EXIT_STORE_REFUSED;
        }
        if (!StopHook.install("pmr-collector-shutdown", () -> {
            collector.close();
            System.out.println("collector stopped: " + collector.counters() + ", broker restarts "
                    + collector.brokerRestarts());
            stopped.countDown();
        })) {
            return ExitCode.STOPPED_WHILE_STARTING.code();
        }
        System.out.println("collector listening on " + collector.brokerUrl() + ", database "
                + (database.file() == null ? settings.store().display() : database.file().toAbsolutePath())
                + (shared == null ? "" : ", sharing the stream in group " + shared + " as " + ingestClientId));
        collector.apiUrl().ifPresent(url -> System.out.println("HTTP API on " + url + " (/api/periods, /metrics)"));
        System.out.println("stop with Ctrl-C; then: ./pmr collector report --db " + database + " --period yyyy-MM");
        stopped.await();
        return 0;
    }

    /** --shared: a valid group name, and an external broker (the embedded one serves this collector only). */
    private void checkShared() {
        if (shared == null) {
            return;
        }
        String problem = io.pmr.model.Topics.shareGroupProblem(shared);
        if (problem != null) {
            throw new ParameterException(spec.commandLine(), "--shared: " + problem);
        }
        if (brokerUrl == null) {
            throw new ParameterException(spec.commandLine(), "--shared " + shared + " needs --broker-url: the"
                    + " embedded broker serves this one collector, so there is no stream to share; run an external"
                    + " broker with shared subscriptions (Mosquitto 2.0, EMQX, HiveMQ, VerneMQ) and point every"
                    + " collector of the group at it (docs/scaling.md)");
        }
    }

    /**
     * The ingest's MQTT client id: --client-id, else {@code pmr-collector} alone, or one of its own in a group (two
     * clients under one id would keep kicking each other off the broker).
     */
    private String ingestClientId() {
        if (clientId != null) {
            if (clientId.isBlank() || clientId.length() > 128 || clientId.chars().anyMatch(
                    c -> c <= ' ' || c > '~')) {
                throw new ParameterException(spec.commandLine(), "--client-id must be 1-128 printable ASCII"
                        + " characters without spaces, was '" + io.pmr.model.Topics.printable(clientId) + "'");
            }
            return clientId;
        }
        if (shared == null) {
            return CollectorSettings.DEFAULT_CLIENT_ID;
        }
        return CollectorSettings.DEFAULT_CLIENT_ID + "-" + shared + "-" + hostName() + "-"
                + ProcessHandle.current().pid();
    }

    /** This machine's name reduced to the characters a client id keeps everywhere, or "host". */
    private static String hostName() {
        try {
            String name = java.net.InetAddress.getLocalHost().getHostName().replaceAll("[^A-Za-z0-9_.-]", "");
            return name.isEmpty() ? "host" : name.substring(0, Math.min(name.length(), 40));
        } catch (IOException e) {
            return "host";
        }
    }

    private void requireRange(String option, long value, long min, long max) {
        if (value < min || value > max) {
            throw new ParameterException(spec.commandLine(), option + " must be " + min + ".." + max + ", was "
                    + value);
        }
    }

    /** The HTTP settings of --http and --http-token-file, or null when --http is absent. */
    private HttpSettings httpSettings() {
        if (http == null) {
            if (httpTokenFile != null) {
                throw new ParameterException(spec.commandLine(), "--http-token-file needs --http HOST:PORT");
            }
            return null;
        }
        int colon = http.lastIndexOf(':');
        if (colon <= 0) {
            throw new ParameterException(spec.commandLine(), "--http must be HOST:PORT, was '" + http + "'");
        }
        try {
            String bindHost = http.substring(0, colon).replace("[", "").replace("]", "");
            HttpSettings settings = HttpSettings.loopback().withAddress(bindHost,
                    Integer.parseInt(http.substring(colon + 1)));
            settings = httpTokenFile == null ? settings : settings.withToken(token(httpTokenFile));
            return withLimits(settings);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--http " + http + ": " + e.getMessage());
        }
    }

    private HttpSettings withLimits(HttpSettings settings) {
        try {
            return settings.withConnectionLimits(httpMaxConnections, Duration.ofSeconds(httpRequestTimeoutSeconds),
                    Duration.ofSeconds(httpIdleTimeoutSeconds));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--http-max-connections " + httpMaxConnections
                    + ", --http-request-timeout-seconds " + httpRequestTimeoutSeconds + ", --http-idle-timeout-seconds "
                    + httpIdleTimeoutSeconds + ": " + e.getMessage());
        }
    }

    /** The token file's text without surrounding whitespace; its content never goes into a message. */
    private String token(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new ParameterException(spec.commandLine(), "--http-token-file " + file + " cannot be read: "
                    + e.getMessage());
        }
    }
}
