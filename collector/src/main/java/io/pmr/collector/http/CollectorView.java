package io.pmr.collector.http;

import io.pmr.collector.catalogue.Catalogue;
import io.pmr.collector.imports.ImportKind;
import io.pmr.collector.imports.ImportOutcome;
import io.pmr.collector.imports.ImportedData;
import io.pmr.collector.ingest.IngestCounters;
import io.pmr.collector.report.MonthlyReport;
import java.time.YearMonth;

/**
 * What the API serves, as the collector offers it. Every method may be called from several worker threads at once.
 */
public interface CollectorView {
    /** The figures-only report of a month (what {@code Collector.report} returns). */
    MonthlyReport report(YearMonth period);

    IngestCounters counters();

    Catalogue catalogue();

    /** Restarts of the embedded broker by its watchdog since start (0 with an external broker). */
    default long brokerRestarts() {
        return 0;
    }

    /** Everything imported so far (for the periods that have data). */
    ImportedData imported();

    /**
     * Stores an import file, all rows or none.
     *
     * @throws io.pmr.collector.imports.ImportException listing every bad line; nothing was stored
     */
    ImportOutcome importFile(ImportKind kind, String file, byte[] content);
}
