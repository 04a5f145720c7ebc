package io.pmr.launcher;

import io.pmr.hardware.sim.RigScenario;

import java.nio.file.Path;
import java.time.Duration;
import java.time.YearMonth;
import java.util.Objects;

/**
 * What a demo run does: one month of the simulated rig, measured by one agent per region, collected
 * by an embedded collector.
 *
 * @param period                   the report month (cut in Europe/London)
 * @param hubs                     simulated hubs, split across the three regions
 * @param seed                     the rig's seed: the same seed gives the same figures
 * @param outDir                   where report.json, report.csv, ground-truth.json, the database and
 *                                 the agents' data dirs go
 * @param cataloguePath            a user-edited catalogue, or null for the shipped one
 * @param publishCopies            each agent publishes every message this many times (idempotence drill)
 * @param brokerSessionQueueSize   the embedded broker's per-session queue; tiny makes it drop messages
 * @param resendAfter              how long an agent waits for the collector's ack before re-sending
 * @param drainTimeout             how long to wait, after the month ran, for every outbox to drain
 * @param externalBrokerUrl        a broker to use instead of the embedded one, or null
 * @param classic                  true: the five classic kinds only, power outages imported (the demo before the
 *                                 whole simulation); false: the whole simulation, every kind measured by the agents
 * @param deviceHubs               with the whole simulation: hubs per region that receive firmware payloads and lose
 *                                 power (see {@code RigScenario.withWholeSimulation(int)})
 */
record DemoOptions(YearMonth period, int hubs, long seed, Path outDir, Path cataloguePath,
                   int publishCopies, int brokerSessionQueueSize, Duration resendAfter,
                   Duration drainTimeout, String externalBrokerUrl, boolean classic, int deviceHubs) {

    /** The agent's default re-send wait ({@code pmr agent --resend-after}). */
    static final Duration DEFAULT_RESEND_AFTER = Duration.ofSeconds(10);

    DemoOptions {
        Objects.requireNonNull(period, "period");
        Objects.requireNonNull(outDir, "outDir");
        Objects.requireNonNull(resendAfter, "resendAfter");
        Objects.requireNonNull(drainTimeout, "drainTimeout");
        if (hubs < 3) {
            throw new IllegalArgumentException("hubs must be at least 3 (one per region), was " + hubs);
        }
        if (publishCopies < 1) {
            throw new IllegalArgumentException("publishCopies must be at least 1, was " + publishCopies);
        }
        if (brokerSessionQueueSize < 1) {
            throw new IllegalArgumentException("brokerSessionQueueSize must be positive, was " + brokerSessionQueueSize);
        }
        if (deviceHubs < RigScenario.MIN_DEVICE_HUBS || deviceHubs > RigScenario.MAX_DEVICE_HUBS) {
            throw new IllegalArgumentException("deviceHubs must be between " + RigScenario.MIN_DEVICE_HUBS + " and "
                    + RigScenario.MAX_DEVICE_HUBS + ", was " + deviceHubs);
        }
        if (resendAfter.isNegative() || resendAfter.isZero()) {
            throw new IllegalArgumentException("resendAfter must be positive, was " + resendAfter);
        }
    }

    /**
     * The agents re-send after {@link #DEFAULT_RESEND_AFTER}, the agent's own default. Shorter (it was 3 s) the demo
     * fed itself duplicates: at 30,000 hubs the collector's writer commits an hour's batches of three agents in about
     * a second and may run seconds behind, so 3 s re-sent up to an outbox's worth of envelopes it was about to
     * acknowledge (50, 7 and 1,030 duplicates in three runs; 95 and 0 in two at 10 s), each parsed and checked again by
     * the same busy writer.
     */
    static DemoOptions defaults(YearMonth period, int hubs, long seed, Path outDir) {
        return new DemoOptions(period, hubs, seed, outDir, null, 1, 262_144, DEFAULT_RESEND_AFTER, Duration.ofMinutes(3), null,
                false, RigScenario.DEFAULT_DEVICE_HUBS);
    }

    DemoOptions withPublishCopies(int copies) {
        return new DemoOptions(period, hubs, seed, outDir, cataloguePath, copies, brokerSessionQueueSize, resendAfter, drainTimeout, externalBrokerUrl, classic, deviceHubs);
    }

    DemoOptions withBrokerSessionQueueSize(int size) {
        return new DemoOptions(period, hubs, seed, outDir, cataloguePath, publishCopies, size, resendAfter, drainTimeout, externalBrokerUrl, classic, deviceHubs);
    }

    DemoOptions withResendAfter(Duration after) {
        return new DemoOptions(period, hubs, seed, outDir, cataloguePath, publishCopies, brokerSessionQueueSize, after, drainTimeout, externalBrokerUrl, classic, deviceHubs);
    }

    DemoOptions withExternalBroker(String url) {
        return new DemoOptions(period, hubs, seed, outDir, cataloguePath, publishCopies, brokerSessionQueueSize, resendAfter, drainTimeout, url, classic, deviceHubs);
    }

    DemoOptions withClassic(boolean classicOnly) {
        return new DemoOptions(period, hubs, seed, outDir, cataloguePath, publishCopies, brokerSessionQueueSize, resendAfter, drainTimeout, externalBrokerUrl, classicOnly, deviceHubs);
    }

    DemoOptions withDeviceHubs(int hubsPerRegion) {
        return new DemoOptions(period, hubs, seed, outDir, cataloguePath, publishCopies, brokerSessionQueueSize, resendAfter, drainTimeout, externalBrokerUrl, classic, hubsPerRegion);
    }

    DemoOptions withCatalogue(Path path) {
        return new DemoOptions(period, hubs, seed, outDir, path, publishCopies, brokerSessionQueueSize, resendAfter, drainTimeout, externalBrokerUrl, classic, deviceHubs);
    }
}
