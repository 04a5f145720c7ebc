/**
 * The collector as a running service ({@link io.pmr.collector.Collector}: broker, ingest, store, HTTP API and its
 * reports) and its validated settings. Only this package wires the others together; the launcher starts it.
 */
package io.pmr.collector;
