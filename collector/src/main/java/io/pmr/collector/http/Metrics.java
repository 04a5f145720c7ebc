package io.pmr.collector.http;

import io.pmr.collector.catalogue.MeasureKind;
import io.pmr.collector.data.ActivityData;
import io.pmr.collector.data.AgentSummary;
import io.pmr.collector.ingest.IngestCounters;
import io.pmr.collector.ingest.RejectReason;
import io.pmr.collector.report.MeasureFigure;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Info;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

/**
 * {@code GET /metrics} on the Prometheus Java client: the ingest, store, broker and HTTP counters, the service levels of
 * the current and the two latest closed periods with data ({@link LiveLevels}) as 0..1 ratios with a {@code period} label, each agent's
 * last-seen age, {@code pmr_build_info}, and the client's {@code jvm_*} and {@code process_*} collectors. Names follow
 * Prometheus' conventions (counters end in {@code _total}, base units: seconds, ratios); the list is in
 * docs/operations.md and {@code deploy/grafana/pmr.json} queries them. Every reject reason has a sample (0 when none),
 * so a rate over it never starts from nothing.
 *
 * <p>Thread-safe: one registry per server, its callbacks read thread-safe sources on each scrape.
 */
final class Metrics {
    static final String CONTENT_TYPE = PrometheusTextFormatWriter.CONTENT_TYPE;

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();

    /**
     * @param counters       the ingest's counters (a snapshot per call)
     * @param brokerRestarts restarts of the embedded broker by its watchdog
     * @param levels         the figures of the current and latest closed periods
     * @param store          the agents' latest status
     * @param clock          the collector's clock, for the agents' ages
     * @param api            the HTTP server's own counters
     */
    Metrics(Supplier<IngestCounters> counters, LongSupplier brokerRestarts, LiveLevels levels, ActivityData store,
            Clock clock, ApiCounters api, BuildLabel build) {
        JvmMetrics.builder().register(registry);
        Info.builder().name("pmr_build_info").help("The collector's version and git commit (value 1).")
                .labelNames("version", "commit").register(registry).setLabelValues(build.version(), build.commit());
        ingest(counters);
        counter("pmr_store_failures_total", "Store calls that failed and were retried (full disk, unwritable file);"
                + " nothing is acknowledged while they fail.", () -> counters.get().storeFailures());
        gauge("pmr_store_failing", "1 while the latest store call failed (ingest holds its messages unacknowledged),"
                + " else 0.", () -> counters.get().storeFailing() ? 1 : 0);
        counter("pmr_broker_restarts_total", "Restarts of the embedded MQTT broker by its watchdog after a session loop"
                + " died (0 with an external broker).", brokerRestarts);
        counter("pmr_http_requests_failed_total", "HTTP requests whose handler failed (answered 500).",
                api::failedCount);
        counter("pmr_http_connections_refused_total", "HTTP connections closed at accept because maxConnections were"
                + " open.", api::refusedCount);
        counter("pmr_http_connections_timed_out_total", "HTTP connections closed because a request was not complete"
                + " within requestTimeout or the connection idled past idleTimeout.", api::timedOutCount);
        gauge("pmr_http_connections_open", "HTTP connections open now.", api::openConnections);
        levels(levels);
        GaugeWithCallback.builder().name("pmr_agent_last_seen_age_seconds").help("Seconds since the collector stored"
                + " the agent's latest envelope, by the collector's clock.").labelNames("agent")
                .callback(callback -> {
                    long now = clock.millis();
                    for (AgentSummary agent : store.agents()) {
                        callback.call(ageSeconds(now, agent), agent.agentId());
                    }
                }).register(registry);
    }

    private void ingest(Supplier<IngestCounters> counters) {
        ingestCounter(counters, "pmr_ingest_messages_received_total", "Messages taken from the broker, redeliveries"
                + " included.", IngestCounters::received);
        ingestCounter(counters, "pmr_ingest_envelopes_stored_total", "New envelopes committed to the store.",
                IngestCounters::stored);
        ingestCounter(counters, "pmr_ingest_duplicates_total", "Envelopes whose key was already stored (no data"
                + " added).", IngestCounters::duplicates);
        CounterWithCallback.builder().name("pmr_ingest_rejected_total").help("Messages quarantined, by reason.")
                .labelNames("reason").callback(callback -> {
                    IngestCounters now = counters.get();
                    for (RejectReason reason : RejectReason.values()) {
                        callback.call(now.rejected(reason), reason.code());
                    }
                }).register(registry);
        ingestCounter(counters, "pmr_ingest_acks_published_total", "Ack messages published to agents.",
                IngestCounters::acksPublished);
        ingestCounter(counters, "pmr_ingest_conflicts_total", "Messages under an envelope key already stored with"
                + " another payload (kept apart, never acknowledged; re-sends included).", IngestCounters::conflicts);
        ingestCounter(counters, "pmr_ingest_identity_clashes_total", "Times two live agents were detected under one"
                + " agent id (their births alternate).", IngestCounters::identityClashes);
    }

    private void ingestCounter(Supplier<IngestCounters> counters, String name, String help,
            ToLongFunction<IngestCounters> value) {
        counter(name, help, () -> value.applyAsLong(counters.get()));
    }

    private void levels(LiveLevels levels) {
        level("pmr_measure_level_ratio", "Service level of the measure (0..1) for the current period so far and the"
                + " two latest closed periods with data; provisional until final.", levels, MeasureFigure::level);
        level("pmr_measure_target_ratio", "Target Service Level of the measure (0..1), per period.", levels,
                MeasureFigure::target);
        level("pmr_measure_minimum_ratio", "Minimum Service Level of the measure (0..1), per period.", levels,
                MeasureFigure::minimum);
    }

    private void level(String name, String help, LiveLevels levels, Function<MeasureFigure, BigDecimal> percent) {
        GaugeWithCallback.builder().name(name).help(help).labelNames("measure", "provider", "period")
                .callback(callback -> {
                    for (Map.Entry<YearMonth, List<MeasureFigure>> period : levels.recent().entrySet()) {
                        for (MeasureFigure figure : period.getValue()) {
                            BigDecimal value = figure.kind() == MeasureKind.COUNT ? null : percent.apply(figure);
                            if (value != null) {
                                // percent to ratio: exact in decimal, one rounding to double
                                callback.call(value.movePointLeft(2).doubleValue(), figure.id(),
                                        figure.provider() == null ? "" : figure.provider(), period.getKey().toString());
                            }
                        }
                    }
                }).register(registry);
    }

    private void counter(String name, String help, LongSupplier value) {
        CounterWithCallback.builder().name(name).help(help).callback(callback -> callback.call(value.getAsLong()))
                .register(registry);
    }

    private void gauge(String name, String help, LongSupplier value) {
        GaugeWithCallback.builder().name(name).help(help).callback(callback -> callback.call(value.getAsLong()))
                .register(registry);
    }

    /** One scrape in Prometheus text format 0.0.4 ({@link #CONTENT_TYPE}). */
    byte[] render() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(16 * 1024);
        try {
            writer.write(out, registry.scrape());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write /metrics", e);
        }
        return out.toByteArray();
    }

    /** Whole seconds since the agent was last heard from; 0 when the clock is behind the receipt time. */
    static long ageSeconds(long nowEpochMillis, AgentSummary agent) {
        return Math.max(0, nowEpochMillis - agent.lastHeardEpochMillis()) / 1000;
    }
}
