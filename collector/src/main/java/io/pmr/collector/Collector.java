package io.pmr.collector;

import io.pmr.collector.broker.BrokerWatchdog;
import io.pmr.collector.broker.EmbeddedBroker;
import io.pmr.collector.catalogue.Catalogue;
import io.pmr.collector.ingest.IngestCounters;
import io.pmr.collector.ingest.IngestService;
import io.pmr.collector.ingest.IngestSettings;
import io.pmr.collector.http.ApiServer;
import io.pmr.collector.http.CollectorView;
import io.pmr.collector.http.HistogramSource;
import io.pmr.collector.http.HtmlRenderer;
import io.pmr.collector.http.TableSource;
import io.pmr.collector.imports.ImportKind;
import io.pmr.collector.imports.ImportOutcome;
import io.pmr.collector.imports.ImportParser;
import io.pmr.collector.imports.ImportedData;
import io.pmr.collector.report.MonthlyReport;
import io.pmr.collector.store.SqliteActivityReader;
import io.pmr.collector.store.SqliteStore;
import io.pmr.collector.store.StoreLock;
import io.pmr.collector.store.Store;
import io.pmr.collector.security.BrokerGuard;
import io.pmr.collector.service.ReportService;
import io.pmr.mqtt.ClientLogin;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.YearMonth;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Function;
import org.HdrHistogram.Histogram;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The collector: an MQTT broker (embedded, see {@code collector.broker}, or an
 * external one), the ingest that validates, stores and
 * acknowledges agent messages, the SQLite store, the HTTP API, and the reports of its store ({@link ReportService}
 * behind {@link #report} and {@link #publish}). Thread-safe.
 */
public final class Collector implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Collector.class);

    private final Catalogue catalogue;
    private final SqliteStore store;
    /** The database file's lock; null for a PostgreSQL store (shared by design). */
    private final StoreLock storeLock;
    private final Clock clock;
    private final ReportService reports;
    private final EmbeddedBroker broker;
    private final IngestService ingest;
    private final String brokerUrl;
    private ScheduledExecutorService watchdogScheduler;
    private BrokerWatchdog watchdog;
    private ApiServer api;
    private boolean closed;

    private Collector(Catalogue catalogue, SqliteStore store, StoreLock storeLock, Clock clock,
            EmbeddedBroker broker, IngestService ingest, String brokerUrl) {
        this.catalogue = catalogue;
        this.store = store;
        this.storeLock = storeLock;
        this.clock = clock;
        this.reports = ReportService.over(store, clock);
        this.broker = broker;
        this.ingest = ingest;
        this.brokerUrl = brokerUrl;
    }

    /** Starts broker (if embedded), store and ingest, with the system UTC clock stamping receipt times. */
    public static Collector start(CollectorSettings settings) {
        return start(settings, Clock.systemUTC());
    }

    /**
     * As {@link #start(CollectorSettings)}, with the clock that stamps receipt times. An embedded broker is watched by a
     * {@link BrokerWatchdog} (its own daemon thread, a check every second) that restarts it when a session loop dies.
     */
    public static Collector start(CollectorSettings settings, Clock clock) {
        return start(settings, clock, broker -> broker::deadSessionLoops, BrokerWatchdog.DEFAULT_PERIOD);
    }

    /** As {@link #start(CollectorSettings, Clock)}, the watchdog's probe and period chosen (tests in this package). */
    static Collector start(CollectorSettings settings, Clock clock,
            Function<EmbeddedBroker, BrokerWatchdog.LoopProbe> probe, java.time.Duration watchdogPeriod) {
        Objects.requireNonNull(settings, "settings");
        Catalogue catalogue = settings.cataloguePath() == null
                ? Catalogue.shipped()
                : Catalogue.load(settings.cataloguePath());
        // One ingesting collector per database file; a damaged file is refused before anything is served from it.
        // A PostgreSQL store is shared: no file lock, the envelope key makes another collector's copy a no-op.
        StoreLock storeLock = settings.databasePath() == null ? null
                : StoreLock.acquire(settings.databasePath(), clock.instant());
        SqliteStore store;
        try {
            store = SqliteStore.open(settings.store());
        } catch (RuntimeException e) {
            if (storeLock != null) {
                storeLock.close();
            }
            throw e;
        }
        EmbeddedBroker broker = null;
        try {
            store.verifyIntegrity();
            String url = settings.externalBrokerUrl();
            ClientLogin login = settings.externalBrokerSecurity() == null ? null
                    : settings.externalBrokerSecurity().resolve();
            if (settings.embedded()) {
                Path dataDir = settings.dataDir().resolve("broker");
                BrokerGuard guard = settings.brokerSecurity() == null ? null
                        : BrokerGuard.create(settings.brokerSecurity(), settings.clientId(), new SecureRandom());
                broker = EmbeddedBroker.start(settings.embeddedHost(), settings.embeddedPort(),
                        settings.embeddedSessionQueueSize(), settings.maxMessageBytes(), dataDir, guard);
                url = broker.url();
                login = guard == null ? null : guard.ingestLogin();
            }
            IngestService ingest = IngestService.start(new IngestSettings(url, settings.clientId(),
                    settings.maxMessageBytes(), settings.ingestBatchSize(), login, settings.maxClockSkew())
                    .withShareGroup(settings.shareGroup()),
                    settings.pipelineSettings(), catalogue, store, clock);
            LOG.info("Collector started: broker {}, database {}, catalogue {} ({} measures)", url,
                    settings.store().display(), catalogue.source(), catalogue.measures().size());
            Collector collector = new Collector(catalogue, store, storeLock, clock, broker, ingest, url);
            if (broker != null) {
                collector.watch(probe.apply(broker), watchdogPeriod);
            }
            if (settings.http() != null) {
                try {
                    collector.startApi(settings);
                } catch (RuntimeException e) {
                    collector.close();
                    throw e;
                }
            }
            return collector;
        } catch (RuntimeException e) {
            if (broker != null) {
                broker.close();
            }
            store.close();
            if (storeLock != null) {
                storeLock.close();
            }
            throw e;
        }
    }

    private synchronized void watch(BrokerWatchdog.LoopProbe probe, java.time.Duration period) {
        watchdogScheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "pmr-broker-watchdog");
            thread.setDaemon(true);
            return thread;
        });
        watchdog = BrokerWatchdog.start(broker, probe, watchdogScheduler, period);
    }

    private void startApi(CollectorSettings settings) {
        HtmlRenderer html = period -> html(report(period));
        TableSource tables = period -> reports.pageTables(catalogue, period);
        HistogramSource histograms = (measureId, from, to) -> {
            Histogram merged = store.latencyHistogram(measureId, from, to);
            return merged.getTotalCount() == 0 ? Optional.empty() : Optional.of(merged);
        };
        api = ApiServer.start(settings.http(), new CollectorView() {
            @Override
            public MonthlyReport report(YearMonth period) {
                return Collector.this.report(period);
            }

            @Override
            public IngestCounters counters() {
                return Collector.this.counters();
            }

            @Override
            public Catalogue catalogue() {
                return catalogue;
            }

            @Override
            public long brokerRestarts() {
                return Collector.this.brokerRestarts();
            }

            @Override
            public ImportedData imported() {
                return store.imported();
            }

            @Override
            public ImportOutcome importFile(ImportKind kind, String file, byte[] content) {
                return Collector.this.importFile(kind, file, content);
            }
        }, SqliteActivityReader.open(settings.store()), clock, html, histograms, tables);
    }

    /** The HTTP API's base URL (e.g. {@code http://127.0.0.1:41234}), empty when it is not configured. */
    public Optional<String> apiUrl() {
        return Optional.ofNullable(api).map(ApiServer::url);
    }

    /** The URL agents publish to, e.g. {@code tcp://127.0.0.1:41234}. */
    public String brokerUrl() {
        return brokerUrl;
    }

    public IngestCounters counters() {
        return ingest.counters();
    }

    /**
     * Connects the secured embedded broker refused, per reason ({@code no_credentials}, {@code bad_identity},
     * {@code client_id_mismatch}, {@code bad_password}); empty without one (an external broker counts its own).
     */
    public java.util.Map<String, Long> refusedConnects() {
        return broker == null ? java.util.Map.of() : broker.refusedConnects();
    }

    /**
     * Restarts of the embedded broker by its watchdog since start, each because one of its session loops had died
     * (see {@link BrokerWatchdog}); 0 with an external broker.
     */
    public synchronized long brokerRestarts() {
        return watchdog == null ? 0 : watchdog.restarts();
    }

    public Catalogue catalogue() {
        return catalogue;
    }

    /**
     * The figures of a month from everything stored so far, finality judged from the agents' watermarks alone (no
     * evaluation time, no version): the same stored data always gives byte-identical JSON.
     */
    public MonthlyReport report(YearMonth period) {
        return reports.figures(catalogue, period);
    }

    /**
     * Publishes a month: figures judged now (by the collector's clock), service credits, and a new recorded version
     * when the figures changed since the last one (see {@link ReportService#publish}).
     *
     * @param reason why it is (re)computed, or null
     */
    public MonthlyReport publish(YearMonth period, String reason) {
        return reports.publish(catalogue, period, reason);
    }

    /** The HTML page of a report (one self-contained file), its plots read from this collector's store. */
    public String html(MonthlyReport report) {
        return reports.html(report);
    }

    /**
     * Writes a report's views into a folder (see {@link ReportService#writeViews}), read from this collector's store.
     *
     * @return the absolute path of {@code report.html}
     */
    public Path writeViews(MonthlyReport report, Path outDir) {
        return reports.writeViews(report, outDir);
    }

    /**
     * Imports one CSV file into this collector's store (see {@code docs/imports.md}): all rows or none, read and
     * staged row by row (the bytes are the caller's; nothing else grows with the file).
     *
     * @param file names the file in the stored provenance and in error messages
     * @throws io.pmr.collector.imports.ImportException listing every bad line; nothing was stored
     */
    public ImportOutcome importFile(ImportKind kind, String file, byte[] content) {
        return store.storeImport(new ImportParser(catalogue).stream(kind, file,
                new java.io.ByteArrayInputStream(content)), clock.millis());
    }

    /** The embedded broker or null, for tests in this package. */
    EmbeddedBroker broker() {
        return broker;
    }

    /** The store, for tests in this package. */
    Store store() {
        return store;
    }

    /**
     * Stops the HTTP API, the broker watchdog, the ingest (finishing its current batch), the broker, then closes the
     * store.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (api != null) {
            api.close();
        }
        if (watchdog != null) {
            // Before the broker stops: a restart must not race the shutdown.
            watchdog.close();
            watchdogScheduler.shutdownNow();
        }
        ingest.close();
        if (broker != null) {
            broker.close();
        }
        store.close();
        if (storeLock != null) {
            storeLock.close();
        }
        LOG.info("Collector stopped");
    }
}
