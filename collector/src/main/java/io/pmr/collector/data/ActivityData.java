package io.pmr.collector.data;

import java.time.YearMonth;
import java.util.List;
import java.util.Set;

/**
 * What the HTTP API reads of the store besides the figures: which months have data and the agents' latest status.
 * Implemented by the store with a read-only view of its own (it never takes the ingest's lock nor waits for a batch).
 * Each call reads one consistent snapshot. Thread-safe; calls may block on I/O, so never call them on an event loop.
 * Closing releases the view; the store itself stays open.
 */
public interface ActivityData extends AutoCloseable {

    /**
     * The months (Europe/London) in which interval reports, device records or down windows start, plus the periods of
     * recorded report versions, in order.
     *
     * @throws IllegalStateException if the read failed
     */
    Set<YearMonth> periodsWithData();

    /**
     * Every agent that sent a status, with its latest status (highest boot epoch, then sequence), by agent id.
     *
     * @throws IllegalStateException if the read failed
     */
    List<AgentSummary> agents();

    @Override
    void close();
}
