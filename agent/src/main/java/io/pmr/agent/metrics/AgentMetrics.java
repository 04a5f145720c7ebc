package io.pmr.agent.metrics;

import io.pmr.agent.Agent;
import io.pmr.agent.AgentCounters;
import io.pmr.agent.BuildInfo;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Info;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.List;
import java.util.function.ToLongFunction;

/**
 * The agent's metrics as a Prometheus registry: every {@link AgentCounters} field as a {@code pmr_agent_*_total}
 * counter, the outbox depth and MQTT connection as gauges, {@code pmr_build_info}, and the client's {@code jvm_*} and
 * {@code process_*} collectors. Each sample carries the {@code agent} label (its id). Names are listed in
 * docs/operations.md; {@code deploy/grafana/pmr.json} queries them.
 *
 * <p>Thread-safe: the callbacks read the agent's thread-safe accessors at each scrape, on the exporter's thread.
 */
public final class AgentMetrics {
    /** One counter: its name (with {@code _total}), help, and the field of the counters' snapshot. */
    private record CounterField(String name, String help, ToLongFunction<AgentCounters> value) {
    }

    private static final List<CounterField> COUNTERS = List.of(
            new CounterField("pmr_agent_events_started_total", "Starts accepted into the pending table.",
                    AgentCounters::starts),
            new CounterField("pmr_agent_events_ended_total", "Ends that completed a pending event (within TRT or"
                    + " failed).", AgentCounters::ends),
            new CounterField("pmr_agent_events_within_trt_total", "Events completed with success within their TRT.",
                    AgentCounters::withinTrt),
            new CounterField("pmr_agent_events_timed_out_total", "Events with no end once their deadline passed.",
                    AgentCounters::timedOut),
            new CounterField("pmr_agent_events_failed_total", "Events ended unsuccessfully or later than their TRT.",
                    AgentCounters::failed),
            new CounterField("pmr_agent_ends_late_total", "Ends for an event already final as timed out (they change"
                    + " nothing).", AgentCounters::lateEnds),
            new CounterField("pmr_agent_ends_unknown_total", "Ends for an id never started or already completed.",
                    AgentCounters::unknownEnds),
            new CounterField("pmr_agent_starts_duplicate_total", "Starts whose id was already pending (ignored).",
                    AgentCounters::duplicateStarts),
            new CounterField("pmr_agent_observations_rejected_total", "Observations with bad input (logged).",
                    AgentCounters::rejected),
            new CounterField("pmr_agent_envelopes_written_total", "Envelopes written durably to the outbox.",
                    AgentCounters::envelopesWritten),
            new CounterField("pmr_agent_publishes_total", "MQTT publishes handed to the client, copies included.",
                    AgentCounters::publishes),
            new CounterField("pmr_agent_resends_total", "Envelopes published again (re-send sweep or replay).",
                    AgentCounters::resends),
            new CounterField("pmr_agent_envelopes_acked_total", "Outbox envelopes deleted because the collector"
                    + " acknowledged them.", AgentCounters::acked),
            new CounterField("pmr_agent_outbox_full_total", "Times a batch could not be written because the outbox"
                    + " was full (kept in memory).", AgentCounters::outboxFull),
            new CounterField("pmr_agent_outbox_set_aside_total", "Corrupt, partial or torn outbox files moved aside"
                    + " at start.", AgentCounters::outboxSetAside),
            new CounterField("pmr_agent_intervals_skipped_total", "Final intervals not written because the"
                    + " sent-interval ledger holds them.", AgentCounters::intervalsSkipped),
            new CounterField("pmr_agent_outbox_write_failures_total", "Times the disk refused an outbox write (kept in"
                    + " memory).", AgentCounters::outboxWriteFailures),
            new CounterField("pmr_agent_ack_ranges_ignored_total", "Ack ranges ignored as impossible (forged or"
                    + " corrupt acks).", AgentCounters::ackRangesIgnored),
            new CounterField("pmr_agent_starts_outside_service_window_total", "Starts outside the hours of their measure's TRT"
                    + " rule (e.g. 15s in core hours): left out of the measure.", AgentCounters::outsideHours),
            new CounterField("pmr_agent_acks_dropped_total", "Collector Acks dropped on arrival while the agent's"
                    + " thread of control was busy and its Ack queue full (a later, cumulative Ack covers them).",
                    AgentCounters::acksDropped));

    private AgentMetrics() {
    }

    /** What the metrics read of an agent at each scrape; every method is called on the exporter's thread. */
    public interface Source {
        AgentCounters counters();

        /** Envelopes in the outbox not yet acknowledged. */
        int outboxSize();

        boolean connected();

        /** Connects the broker refused since start. */
        long refusedConnects();
    }

    /** The agent's own thread-safe accessors as a source. */
    public static Source of(Agent agent) {
        return new Source() {
            @Override
            public AgentCounters counters() {
                return agent.counters();
            }

            @Override
            public int outboxSize() {
                return agent.outboxSize();
            }

            @Override
            public boolean connected() {
                return agent.isConnected();
            }

            @Override
            public long refusedConnects() {
                return agent.refusedConnects();
            }
        };
    }

    /** A registry with the agent's metrics (see the class comment), each sample labelled {@code agent=agentId}. */
    public static PrometheusRegistry registry(String agentId, Source source) {
        PrometheusRegistry registry = new PrometheusRegistry();
        JvmMetrics.builder().register(registry);
        BuildInfo build = BuildInfo.current();
        Info.builder().name("pmr_build_info").help("The agent's version and git commit (value 1).")
                .labelNames("version", "commit").register(registry).setLabelValues(build.version(), build.commit());
        for (CounterField field : COUNTERS) {
            CounterWithCallback.builder().name(field.name()).help(field.help()).labelNames("agent")
                    .callback(callback -> callback.call(field.value().applyAsLong(source.counters()), agentId))
                    .register(registry);
        }
        GaugeWithCallback.builder().name("pmr_agent_outbox_envelopes").help("Envelopes in the outbox waiting for the"
                + " collector's acknowledgement.").labelNames("agent")
                .callback(callback -> callback.call(source.outboxSize(), agentId)).register(registry);
        GaugeWithCallback.builder().name("pmr_agent_mqtt_connected").help("1 while the agent's MQTT session is"
                + " connected, else 0.").labelNames("agent")
                .callback(callback -> callback.call(source.connected() ? 1 : 0, agentId)).register(registry);
        CounterWithCallback.builder().name("pmr_agent_mqtt_connects_refused_total").help("Connection attempts the"
                + " broker refused (bad credentials, no rights, untrusted certificate).").labelNames("agent")
                .callback(callback -> callback.call(source.refusedConnects(), agentId)).register(registry);
        return registry;
    }
}
