/**
 * Durable storage in one SQLite file (WAL), or in a PostgreSQL database shared by several collectors, with the same
 * classes and SQL ({@link io.pmr.collector.store.Dialect} holds the engines' differences; docs/architecture.md "The
 * store"): envelopes under a unique key with their data, quarantine, conflicts, imports, expected sources and report
 * versions. {@link io.pmr.collector.store.SqliteStore} implements the ingest's
 * {@link io.pmr.collector.store.Store} and the read ports of {@code collector.data}; all SQL lives here.
 *
 * <p>Durability: a write is committed when the call returns; one ingesting process per SQLite file
 * ({@link io.pmr.collector.store.StoreLock}); a PostgreSQL store takes no such lock (its keys make another collector's
 * copy a no-op). Thread-safety: the store serialises on one connection; the API's reader
 * has its own read-only connection.
 */
package io.pmr.collector.store;
