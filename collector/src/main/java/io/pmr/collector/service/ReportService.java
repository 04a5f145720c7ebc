package io.pmr.collector.service;

import io.pmr.collector.catalogue.Catalogue;
import io.pmr.collector.measure.MeasureEngine;
import io.pmr.collector.publish.CreditsPreview;
import io.pmr.collector.publish.ReportPublisher;
import io.pmr.collector.report.MonthlyReport;
import io.pmr.collector.report.ReportTable;
import io.pmr.collector.report.ReportWriter;
import io.pmr.collector.store.ReportVersion;
import io.pmr.collector.store.SqliteStore;
import io.pmr.collector.store.StoreLocation;
import io.pmr.collector.view.HtmlReport;
import io.pmr.collector.view.PageTables;
import io.pmr.collector.view.ReportViews;
import io.pmr.collector.view.ViewFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.YearMonth;
import java.util.Map;
import java.util.function.Supplier;
import java.util.Objects;
import java.util.Optional;

/**
 * The reports of one store: figures, publication (with its recorded versions), the HTML page and the view files. The
 * running collector keeps one over its store; {@code pmr collector report} opens one on a database file alone.
 *
 * <p>Thread-safe as its store is (every call reads or writes through it, one consistent snapshot per read). A
 * {@link #publish} records a version: one publish at a time per store (see {@link ReportPublisher}).
 */
public final class ReportService implements AutoCloseable {
    private final SqliteStore store;
    private final Clock clock;
    private final boolean ownsStore;

    private ReportService(SqliteStore store, Clock clock, boolean ownsStore) {
        this.store = Objects.requireNonNull(store, "store");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.ownsStore = ownsStore;
    }

    /**
     * Reports over a store the caller keeps open (and closes: {@link #close} leaves it open).
     *
     * @param clock the evaluation time of {@link #publish} and the time its versions are recorded at
     */
    public static ReportService over(SqliteStore store, Clock clock) {
        return new ReportService(store, clock, false);
    }

    /**
     * Opens an existing database file for its reports, without a broker or an ingest; {@link #close} closes it.
     *
     * @throws IllegalArgumentException if there is no such file
     * @throws io.pmr.collector.store.StoreException if it cannot be opened as the collector's database
     */
    public static ReportService open(Path databasePath, Clock clock) {
        return open(new StoreLocation.SqliteFile(databasePath), clock);
    }

    /**
     * Opens an existing store for its reports: a database file as {@link #open(Path, Clock)}, or a PostgreSQL
     * database (whose schema is brought to this version first).
     *
     * @throws IllegalArgumentException if there is no such file
     * @throws io.pmr.collector.store.StoreException if it cannot be opened as the collector's database
     */
    public static ReportService open(StoreLocation location, Clock clock) {
        if (location instanceof StoreLocation.SqliteFile sqlite && !Files.isRegularFile(sqlite.file())) {
            throw new IllegalArgumentException("database file does not exist: " + sqlite.file());
        }
        return new ReportService(SqliteStore.open(location), clock, true);
    }

    /**
     * The figures of a month from everything stored so far, finality judged from the agents' watermarks alone (no
     * evaluation time, no version): the same stored data always gives byte-identical JSON.
     */
    public MonthlyReport figures(Catalogue catalogue, YearMonth period) {
        return new MeasureEngine(catalogue).compute(period, store);
    }

    /**
     * Publishes a month: figures judged now (by the clock), service credits, and a new recorded version when the
     * figures changed since the last one (see {@link ReportPublisher}).
     *
     * @param reason why it is (re)computed, or null
     */
    public MonthlyReport publish(Catalogue catalogue, YearMonth period, String reason) {
        return new ReportPublisher(catalogue, store, store, clock).publish(period, reason);
    }

    /** The HTML page of a report (one self-contained file), its plots read from this store. */
    public String html(MonthlyReport report) {
        return HtmlReport.render(report, ReportViews.load(report, store, store.dataFingerprint()));
    }

    /**
     * Writes a report's views into a folder: {@code report.html}, {@code hlog/*.hlog} and the page's CSVs (see
     * {@link ViewFiles}), read from this store.
     *
     * @return the absolute path of {@code report.html}
     */
    public Path writeViews(MonthlyReport report, Path outDir) {
        return ViewFiles.write(report, store, store.dataFingerprint(), outDir);
    }

    /**
     * Every table the month's page shows (see {@link PageTables}; each built when asked for), from the figures as {@link #figures} computes them,
     * the views read from this store, and the credits those figures earn now ({@link ReportPublisher#preview}: nothing
     * is recorded).
     */
    public Map<String, Supplier<ReportTable>> pageTables(Catalogue catalogue, YearMonth period) {
        MonthlyReport figures = figures(catalogue, period);
        return PageTables.of(figures, () -> ReportViews.load(figures, store, store.dataFingerprint()), () -> {
            CreditsPreview credits = new ReportPublisher(catalogue, store, store, clock).preview(figures);
            return ReportWriter.creditTables(credits.credits(), credits.history());
        });
    }

    /** The JSON of a recorded version of a month, as published; empty when there is no such version. */
    public Optional<String> recordedVersion(YearMonth period, int version) {
        return store.reportVersion(period.toString(), version).map(ReportVersion::reportJson);
    }

    /** Closes the store when this service opened it ({@link #open}); otherwise nothing. */
    @Override
    public void close() {
        if (ownsStore) {
            store.close();
        }
    }
}
