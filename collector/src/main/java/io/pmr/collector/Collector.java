package io.pmr.collector;

import io.pmr.collector.broker.EmbeddedBroker;
import io.pmr.collector.catalogue.Catalogue;
import io.pmr.collector.ingest.IngestCounters;
import io.pmr.collector.ingest.IngestService;
import io.pmr.collector.ingest.IngestSettings;
import io.pmr.collector.measure.MeasureEngine;
import io.pmr.collector.report.MonthlyReport;
import io.pmr.collector.store.SqliteStore;
import io.pmr.collector.store.Store;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.YearMonth;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The collector: an MQTT broker (embedded Moquette, or an external one), the ingest that validates, stores and
 * acknowledges agent messages, the SQLite store, and the measure engine behind {@link #report}. Thread-safe.
 */
public final class Collector implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Collector.class);

    private final Catalogue catalogue;
    private final Store store;
    private final EmbeddedBroker broker;
    private final IngestService ingest;
    private final String brokerUrl;
    private boolean closed;

    private Collector(Catalogue catalogue, Store store, EmbeddedBroker broker, IngestService ingest,
            String brokerUrl) {
        this.catalogue = catalogue;
        this.store = store;
        this.broker = broker;
        this.ingest = ingest;
        this.brokerUrl = brokerUrl;
    }

    /** Starts broker (if embedded), store and ingest, with the system UTC clock stamping receipt times. */
    public static Collector start(CollectorSettings settings) {
        return start(settings, Clock.systemUTC());
    }

    /** As {@link #start(CollectorSettings)}, with the clock that stamps receipt times. */
    public static Collector start(CollectorSettings settings, Clock clock) {
        Objects.requireNonNull(settings, "settings");
        Catalogue catalogue = settings.cataloguePath() == null
                ? Catalogue.shipped()
                : Catalogue.load(settings.cataloguePath());
        Store store = SqliteStore.open(settings.databasePath());
        EmbeddedBroker broker = null;
        try {
            String url = settings.externalBrokerUrl();
            if (settings.embedded()) {
                Path dataDir = settings.databasePath().toAbsolutePath().getParent().resolve("broker");
                broker = EmbeddedBroker.start(settings.embeddedHost(), settings.embeddedPort(),
                        settings.embeddedSessionQueueSize(), settings.maxMessageBytes(), dataDir);
                url = broker.url();
            }
            IngestService ingest = IngestService.start(new IngestSettings(url, settings.clientId(),
                    settings.maxMessageBytes(), settings.ingestBatchSize()), catalogue, store, clock);
            LOG.info("Collector started: broker {}, database {}, catalogue {} ({} measures)", url,
                    settings.databasePath(), catalogue.source(), catalogue.measures().size());
            return new Collector(catalogue, store, broker, ingest, url);
        } catch (RuntimeException e) {
            if (broker != null) {
                broker.close();
            }
            store.close();
            throw e;
        }
    }

    /** The URL agents publish to, e.g. {@code tcp://127.0.0.1:41234}. */
    public String brokerUrl() {
        return brokerUrl;
    }

    public IngestCounters counters() {
        return ingest.counters();
    }

    public Catalogue catalogue() {
        return catalogue;
    }

    /** The figures of a month from everything stored so far. */
    public MonthlyReport report(YearMonth period) {
        return new MeasureEngine(catalogue).compute(period, store);
    }

    /** The same report from a database file alone (no broker), for {@code pmr collector report}. */
    public static MonthlyReport report(Path databasePath, Catalogue catalogue, YearMonth period) {
        if (!Files.isRegularFile(databasePath)) {
            throw new IllegalArgumentException("database file does not exist: " + databasePath);
        }
        try (Store store = SqliteStore.open(databasePath)) {
            return new MeasureEngine(catalogue).compute(period, store);
        }
    }

    /** The store, for tests in this package. */
    Store store() {
        return store;
    }

    /** Stops the ingest (finishing its current batch), the broker, then closes the store. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        ingest.close();
        if (broker != null) {
            broker.close();
        }
        store.close();
        LOG.info("Collector stopped");
    }
}
