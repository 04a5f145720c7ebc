/**
 * The measure catalogue: measures, incident categories, providers and service-credit schedules, read from CSV files
 * (shipped, or a folder the user edits) and fingerprinted. Immutable once loaded and thread-safe; every load error
 * names the file, line and column.
 */
package io.pmr.collector.catalogue;
