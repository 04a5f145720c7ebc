package io.pmr.collector.http;

import io.pmr.collector.data.AgentSummary;
import io.pmr.collector.data.ActivityData;
import io.pmr.collector.catalogue.MeasureKind;
import io.pmr.collector.ingest.IngestCounters;
import io.pmr.collector.ingest.RejectReason;
import io.pmr.collector.report.MeasureFigure;
import java.math.BigDecimal;
import java.time.Clock;
import java.util.List;
import java.util.function.Supplier;

/**
 * {@code GET /metrics}: the ingest counters, the live levels of the current period and each agent's last-seen age, as
 * Prometheus text 0.0.4. Every reject reason has a sample (0 when none), so a rate over it never starts from nothing.
 */
final class Metrics {
    private final Supplier<IngestCounters> counters;
    private final LiveLevels levels;
    private final ActivityData store;
    private final Clock clock;
    private final ApiCounters api;
    private final java.util.function.LongSupplier brokerRestarts;

    Metrics(Supplier<IngestCounters> counters, java.util.function.LongSupplier brokerRestarts, LiveLevels levels,
            ActivityData store, Clock clock, ApiCounters api) {
        this.brokerRestarts = brokerRestarts;
        this.counters = counters;
        this.levels = levels;
        this.store = store;
        this.clock = clock;
        this.api = api;
    }

    String render() {
        IngestCounters c = counters.get();
        PrometheusText text = new PrometheusText();
        counter(text, "pmr_ingest_messages_received_total", "Messages taken from the broker, redeliveries included.",
                c.received());
        counter(text, "pmr_ingest_envelopes_stored_total", "New envelopes committed to the store.", c.stored());
        counter(text, "pmr_ingest_duplicates_total", "Envelopes whose key was already stored (no data added).",
                c.duplicates());
        text.family("pmr_ingest_rejected_total", "counter", "Messages quarantined, by reason.");
        for (RejectReason reason : RejectReason.values()) {
            text.sample("pmr_ingest_rejected_total", Long.toString(c.rejected(reason)), "reason", reason.code());
        }
        counter(text, "pmr_ingest_acks_published_total", "Ack messages published to agents.", c.acksPublished());
        counter(text, "pmr_ingest_conflicts_total", "Messages under an envelope key already stored with another payload"
                + " (kept apart, never acknowledged; re-sends included).", c.conflicts());
        counter(text, "pmr_ingest_identity_clashes_total", "Times two live agents were detected under one agent id"
                + " (their births alternate).", c.identityClashes());
        counter(text, "pmr_store_failures_total", "Store calls that failed and were retried (full disk, unwritable"
                + " file); nothing is acknowledged while they fail.", c.storeFailures());
        text.family("pmr_store_failing", "gauge", "1 while the latest store call failed (ingest holds its messages"
                + " unacknowledged), else 0.");
        text.sample("pmr_store_failing", c.storeFailing() ? "1" : "0");
        counter(text, "pmr_broker_restarts_total", "Restarts of the embedded MQTT broker by its watchdog after a"
                + " session loop died (0 with an external broker).", brokerRestarts.getAsLong());
        counter(text, "pmr_http_requests_failed_total", "HTTP requests whose handler failed (answered 500).",
                api.failedCount());
        counter(text, "pmr_http_connections_refused_total", "HTTP connections closed at accept because maxConnections"
                + " were open.", api.refusedCount());
        counter(text, "pmr_http_connections_timed_out_total", "HTTP connections closed because a request was not"
                + " complete within requestTimeout or the connection idled past idleTimeout.", api.timedOutCount());
        text.family("pmr_http_connections_open", "gauge", "HTTP connections open now.")
                .sample("pmr_http_connections_open", Integer.toString(api.openConnections()));

        List<MeasureFigure> figures = levels.current().stream().filter(f -> f.kind() != MeasureKind.COUNT).toList();
        gauge(text, figures, "pmr_measure_level_percent",
                "Service level of the current period (Europe/London month) so far, in percent; provisional until"
                        + " final.", MeasureFigure::level);
        gauge(text, figures, "pmr_measure_target_percent", "Target Service Level of the measure, in percent.",
                MeasureFigure::target);
        gauge(text, figures, "pmr_measure_minimum_percent", "Minimum Service Level of the measure, in percent.",
                MeasureFigure::minimum);

        text.family("pmr_agent_last_seen_age_seconds", "gauge",
                "Seconds since the collector stored the agent's latest envelope, by the collector's clock.");
        long now = clock.millis();
        for (AgentSummary agent : store.agents()) {
            text.sample("pmr_agent_last_seen_age_seconds", Long.toString(ageSeconds(now, agent)), "agent",
                    agent.agentId());
        }
        return text.text();
    }

    /** Whole seconds since the agent was last heard from; 0 when the clock is behind the receipt time. */
    static long ageSeconds(long nowEpochMillis, AgentSummary agent) {
        return Math.max(0, nowEpochMillis - agent.lastHeardEpochMillis()) / 1000;
    }

    private static void counter(PrometheusText text, String name, String help, long value) {
        text.family(name, "counter", help).sample(name, Long.toString(value));
    }

    private static void gauge(PrometheusText text, List<MeasureFigure> figures, String name, String help,
            java.util.function.Function<MeasureFigure, BigDecimal> value) {
        text.family(name, "gauge", help);
        for (MeasureFigure figure : figures) {
            BigDecimal v = value.apply(figure);
            if (v != null) {
                text.sample(name, v.toPlainString(), "measure", figure.id(), "provider",
                        figure.provider() == null ? "" : figure.provider());
            }
        }
    }
}
