/**
 * The collector's use cases over one store, for the running service and for commands that open a database file
 * alone: {@link io.pmr.collector.service.ReportService} (figures, publication, HTML page, view files, recorded
 * versions). Thread-safe as the store is.
 */
package io.pmr.collector.service;
