package io.pmr.launcher;

import io.pmr.collector.Collector;
import io.pmr.collector.CollectorSettings;
import io.pmr.collector.http.HttpSettings;
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
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** {@code pmr collector}: the collector on its own, with its embedded broker or an external one. */
@Command(name = "collector", mixinStandardHelpOptions = true,
        description = {"Runs the collector until stopped (Ctrl-C): an embedded MQTT broker (or --broker-url),",
                "ingest with idempotent storage into --db, acknowledgements to the agents.",
                "'pmr collector report' computes a month's figures from the database."},
        subcommands = {CollectorReportCommand.class, CollectorImportCommand.class, CollectorAgentsCommand.class})
final class CollectorCommand implements Callable<Integer> {

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Embedded broker's listen address (default ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--port", defaultValue = "1883", description = "Embedded broker's port, 0 for an ephemeral one (default ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--broker-url", description = "Use this external broker instead of the embedded one, e.g. tcp://mosquitto:1883.")
    String brokerUrl;

    @Option(names = "--db", defaultValue = "pmr.db", description = "SQLite database file (default ${DEFAULT-VALUE}).")
    Path database;

    @Option(names = "--catalogue", description = "Measure catalogue: a folder (measures.csv and friends) or a measures CSV (default: the shipped one).")
    Path catalogue;

    @Option(names = "--http", paramLabel = "HOST:PORT", description = "Serve the HTTP API and Prometheus /metrics on"
            + " this address, e.g. 127.0.0.1:8080 (port 0: an ephemeral one, printed). Default: off. Read endpoints"
            + " need no token: keep it on loopback or behind a proxy.")
    String http;

    @Option(names = "--http-token-file", paramLabel = "FILE", description = "File holding the bearer token that"
            + " write endpoints (POST /api/imports/{kind}) require; without it they answer 403.")
    Path httpTokenFile;

    @Spec
    CommandSpec spec;

    @CommandLine.Mixin
    CollectorSecurityOptions security = new CollectorSecurityOptions();

    @Override
    public Integer call() throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        Collector collector = Collector.start(security.applyTo(CollectorSettings.builder()
                .externalBrokerUrl(brokerUrl).embeddedHost(host).embeddedPort(port)
                .databasePath(database).cataloguePath(catalogue).http(httpSettings())).build());
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            collector.close();
            System.out.println("collector stopped: " + collector.counters() + ", broker restarts "
                    + collector.brokerRestarts());
            stopped.countDown();
        }, "pmr-collector-shutdown"));
        System.out.println("collector listening on " + collector.brokerUrl() + ", database " + database.toAbsolutePath());
        collector.apiUrl().ifPresent(url -> System.out.println("HTTP API on " + url + " (/api/periods, /metrics)"));
        System.out.println("stop with Ctrl-C; then: ./pmr collector report --db " + database + " --period yyyy-MM");
        stopped.await();
        return 0;
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
            return httpTokenFile == null ? settings : settings.withToken(token(httpTokenFile));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--http " + http + ": " + e.getMessage());
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
