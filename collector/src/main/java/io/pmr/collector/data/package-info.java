/**
 * The collector's read ports and the value types they carry: {@link io.pmr.collector.data.MeasureData} (what the
 * measure engine, the page and the API's histograms read) and {@link io.pmr.collector.data.ActivityData} (what the API
 * lists: periods with data, agents), with the stored keys, counts, records and calendar (UK days, report periods) they
 * speak in. The store implements them; readers never depend on the store, so figures work on any store and on
 * in-memory fixtures.
 *
 * <p>Contract: times are UTC epoch millis, ranges start inclusive and end exclusive; each call reads one consistent
 * snapshot; implementations are thread-safe. Values are immutable.
 */
package io.pmr.collector.data;
