package io.pmr.launcher;

import io.pmr.collector.Collector;
import io.pmr.collector.CollectorSettings;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** {@code pmr collector}: the collector on its own, with its embedded broker or an external one. */
@Command(name = "collector", mixinStandardHelpOptions = true,
        description = {"Runs the collector until stopped (Ctrl-C): an embedded MQTT broker (or --broker-url),",
                "ingest with idempotent storage into --db, acknowledgements to the agents.",
                "'pmr collector report' computes a month's figures from the database."},
        subcommands = {CollectorReportCommand.class, CollectorImportCommand.class})
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

    @CommandLine.Mixin
    CollectorSecurityOptions security = new CollectorSecurityOptions();

    @Override
    public Integer call() throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        Collector collector = Collector.start(security.applyTo(CollectorSettings.builder()
                .externalBrokerUrl(brokerUrl).embeddedHost(host).embeddedPort(port)
                .databasePath(database).cataloguePath(catalogue)).build());
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            collector.close();
            System.out.println("collector stopped: " + collector.counters());
            stopped.countDown();
        }, "pmr-collector-shutdown"));
        System.out.println("collector listening on " + collector.brokerUrl() + ", database " + database.toAbsolutePath());
        System.out.println("stop with Ctrl-C; then: ./pmr collector report --db " + database + " --period yyyy-MM");
        stopped.await();
        return 0;
    }
}
