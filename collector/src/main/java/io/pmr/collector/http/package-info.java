/**
 * The collector's HTTP API and Prometheus {@code /metrics} on Netty: routes, limits, timeouts and counters. It reads
 * through {@link io.pmr.collector.http.CollectorView} and {@link io.pmr.collector.data.ActivityData}, never the store.
 *
 * <p>Threading: one event loop of its own accepts and parses; handlers run on a bounded worker pool, never on the
 * loop. Writes (imports) need the configured token.
 */
package io.pmr.collector.http;
