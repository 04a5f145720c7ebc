/**
 * Durable storage in one SQLite file (WAL): envelopes under a unique key with their data, quarantine, conflicts,
 * imports, expected sources and report versions. {@link io.pmr.collector.store.SqliteStore} implements the ingest's
 * {@link io.pmr.collector.store.Store} and the read ports of {@code collector.data}; all SQL lives here.
 *
 * <p>Durability: a write is committed when the call returns; one ingesting process per file
 * ({@link io.pmr.collector.store.StoreLock}). Thread-safety: the store serialises on one connection; the API's reader
 * has its own read-only connection.
 */
package io.pmr.collector.store;
