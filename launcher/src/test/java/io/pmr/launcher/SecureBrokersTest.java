package io.pmr.launcher;

import io.pmr.testkit.TestPki;

import io.pmr.agent.Agent;
import io.pmr.agent.AgentSettings;
import io.pmr.agent.CatalogueTrts;
import io.pmr.mqtt.MqttSecurity;
import io.pmr.collector.Collector;
import io.pmr.collector.CollectorSettings;
import io.pmr.collector.catalogue.Catalogue;
import io.pmr.collector.ingest.RejectReason;
import io.pmr.collector.report.MeasureFigure;
import io.pmr.collector.report.MonthlyReport;
import io.pmr.collector.security.BrokerSecurity;
import io.pmr.collector.security.ClientSecurity;
import io.pmr.collector.security.CredentialsFile;
import io.pmr.hardware.EventKind;
import io.pmr.hardware.Region;
import io.pmr.hardware.sim.RigScenario;
import io.pmr.hardware.sim.SimulatedRig;
import io.pmr.hardware.sim.TruthRow;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLSocketFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The real agent and collector over TLS with per-agent passwords, through the embedded broker and through Mosquitto:
 * the data arrives and gives the true figures; anonymous clients and wrong passwords are refused; an agent cannot
 * publish as another; a forged payload is refused and acknowledged to no one; no secret reaches the log.
 */
class SecureBrokersTest {
    private static final YearMonth PERIOD = YearMonth.of(2020, 9);
    private static final int HUBS = 12;
    private static final long SEED = 5;
    private static final String NORTH = "agent-north";
    private static final String SOUTH = "agent-south";
    private static final String NORTH_PASSWORD = "north-pw-71c3";
    private static final String SOUTH_PASSWORD = "south-pw-9a0e";
    private static final String WRONG_PASSWORD = "wrong-pw-5d21";
    private static final String COLLECTOR_PASSWORD = "collector-pw-e84b";

    @Test
    void embeddedBrokerOverTls(@TempDir Path dir) throws Exception {
        TestPki pki = TestPki.create(Files.createDirectories(dir.resolve("pki")), 3);
        Path broker = pki.issue("broker");
        Path credentials = agentCredentials(dir);
        String log;
        try (LogCapture capture = new LogCapture();
             Collector collector = Collector.start(CollectorSettings.builder().databasePath(dir.resolve("pmr.db"))
                     .brokerSecurity(BrokerSecurity.of(broker, pki.passwordFile(), credentials)).build())) {
            assertTrue(collector.brokerUrl().startsWith("ssl://"), collector.brokerUrl());
            runNorthAndCheckFigures(collector, pki, dir);
            refusesAWrongPasswordOnce(collector.brokerUrl(), pki, dir);
            probeRights(collector, tls(pki, dir), true);
            log = capture.text();
        }
        assertTrue(log.contains("Embedded broker security"), "the log was captured");
        assertNoSecret(log, pki);
    }

    @Test
    void mosquittoOverTls(@TempDir Path dir) throws Exception {
        assertTrue(MosquittoBroker.installed(), "mosquitto is not installed: bash .ci/run installs it");
        TestPki pki = TestPki.create(Files.createDirectories(dir.resolve("pki")), 4);
        pki.issue("mosquitto");
        Path credentials = agentCredentials(dir);
        // The collector's line by mosquitto_passwd itself, the agents' by CredentialsFile: Mosquitto reads both.
        run(dir, "/usr/bin/mosquitto_passwd", "-b", credentials.toString(), "pmr-collector", COLLECTOR_PASSWORD);
        Path acl = Files.write(dir.resolve("acl"), List.of(
                "user pmr-collector",
                "topic read pmr/v1/+/status",
                "topic read pmr/v1/+/intervals",
                "topic read pmr/v1/+/events",
                "topic write pmr/v1/+/ack",
                "topic write pmr/v1/+/config",
                "",
                "pattern write pmr/v1/%u/status",
                "pattern write pmr/v1/%u/intervals",
                "pattern write pmr/v1/%u/events",
                "pattern read pmr/v1/%u/ack",
                "pattern read pmr/v1/%u/config"));
        Path collectorPassword = Files.writeString(dir.resolve("collector.pw"), COLLECTOR_PASSWORD + "\n");
        String log;
        try (MosquittoBroker mosquitto = MosquittoBroker.startSecured(Files.createDirectories(dir.resolve("broker")),
                List.of("cafile " + pki.caPem(), "certfile " + pki.certPem("mosquitto"),
                        "keyfile " + pki.keyPem("mosquitto"), "require_certificate false",
                        "allow_anonymous false", "password_file " + credentials, "acl_file " + acl,
                        "use_username_as_clientid true"));
             LogCapture capture = new LogCapture();
             Collector collector = Collector.start(CollectorSettings.builder().databasePath(dir.resolve("pmr.db"))
                     .externalBrokerUrl(mosquitto.url())
                     .externalBrokerSecurity(new ClientSecurity(pki.trustStore(), pki.passwordFile(), null, null,
                             "pmr-collector", collectorPassword)).build())) {
            runNorthAndCheckFigures(collector, pki, dir);
            refusesAWrongPasswordOnce(mosquitto.url(), pki, dir);
            // Mosquitto grants any subscription and filters by ACL on delivery.
            try {
                probeRights(collector, tls(pki, dir), false);
            } catch (AssertionError | MqttException e) {
                throw new AssertionError(e.getMessage() + "\nmosquitto log:\n" + mosquitto.log(), e);
            }
            log = capture.text();
        }
        assertTrue(log.contains("Ingest connected to ssl://"), "the log was captured");
        assertNoSecret(log, pki);
        assertFalse(log.contains(COLLECTOR_PASSWORD), "collector password in the log");
    }

    /** One agent, region north, a month of the simulated rig: every envelope stored, figures equal the truth. */
    private static void runNorthAndCheckFigures(Collector collector, TestPki pki, Path dir) throws Exception {
        Map<EventKind, Duration> trts = CatalogueTrts.of(Catalogue.shipped()::trt);
        SimulatedRig rig = SimulatedRig.create(RigScenario.of(SEED, HUBS, PERIOD, trts));
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        try (Agent agent = Agent.start(AgentSettings.builder().agentId(NORTH).region(Region.NORTH)
                .brokerUrl(collector.brokerUrl()).dataDir(dir.resolve("agent-north")).trts(trts)
                .publishEvery(DemoRun.PUBLISH_EVERY).resendAfter(Duration.ofSeconds(2))
                .security(security(pki, dir, NORTH_PASSWORD)).build(), rig.port(Region.NORTH), scheduler)) {
            DemoRun.runMonth(rig, List.of(agent));
            agent.flush();
            assertTrue(agent.awaitDrained(Duration.ofSeconds(60)), "every envelope acknowledged over TLS");
            assertEquals(0, agent.refusedConnects());
            assertEquals(agent.counters().envelopesWritten(), collector.counters().stored());
            assertEquals(0, collector.counters().rejected(), collector.counters().toString());
        } finally {
            scheduler.shutdownNow();
        }
        MonthlyReport report = collector.report(PERIOD);
        int checked = 0;
        for (TruthRow row : rig.groundTruth().rows(PERIOD)) {
            if (!row.measureId().startsWith("CSPN/") || row.events() == 0) {
                continue;
            }
            MeasureFigure figure = report.measures().stream().filter(f -> f.id().equals(row.measureId()))
                    .findFirst().orElseThrow(() -> new AssertionError("no figure for " + row.measureId()));
            assertEquals(row.events(), figure.denominator(), row.measureId());
            assertEquals(row.withinTrt(), figure.numerator(), row.measureId());
            checked++;
        }
        assertTrue(checked > 0, "some north measures had events");
    }

    /** The real agent with a wrong password: refused, counted, said once, never connected. */
    private static void refusesAWrongPasswordOnce(String url, TestPki pki, Path dir) throws Exception {
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        SimulatedRig rig = SimulatedRig.create(RigScenario.of(SEED, HUBS, PERIOD, CatalogueTrts.of(Catalogue.shipped()::trt)));
        Agent agent = Agent.start(AgentSettings.builder().agentId(SOUTH).region(Region.SOUTH).brokerUrl(url)
                .dataDir(dir.resolve("agent-south")).security(security(pki, dir, WRONG_PASSWORD)).build(),
                rig.port(Region.SOUTH), scheduler);
        try {
            await().atMost(Duration.ofSeconds(20)).until(() -> agent.refusedConnects() >= 1);
            assertFalse(agent.isConnected());
            assertEquals(1, agent.refusedConnects(), "the next attempt waits a minute");
        } finally {
            agent.close(Duration.ZERO);
            scheduler.shutdownNow();
        }
    }

    /** Anonymous, wrong password and bad ids refused; an agent publishing as another dropped; a forged payload refused. */
    private static void probeRights(Collector collector, SSLSocketFactory tls, boolean subackRefuses)
            throws Exception {
        String url = collector.brokerUrl();
        assertRefused(() -> MqttProbe.connect(url, tls, "anonymous-1", null, null));
        assertRefused(() -> MqttProbe.connect(url, tls, SOUTH, SOUTH, WRONG_PASSWORD));
        assertRefused(() -> MqttProbe.connect(url, tls, "a+b", "a+b", SOUTH_PASSWORD));
        assertRefused(() -> MqttProbe.connect(url, tls, "a/b", "a/b", SOUTH_PASSWORD));
        long boot = 7_000_000_000L;
        long received = collector.counters().received();
        long mismatches = collector.counters().rejected(RejectReason.AGENT_MISMATCH);
        // South, with its own valid credentials, publishes as north. Mosquitto drops the connection of a client
        // publishing where its ACL denies, Moquette just drops the message: its own connection, then.
        try (MqttProbe impostor = MqttProbe.connect(url, tls, SOUTH, SOUTH, SOUTH_PASSWORD)) {
            impostor.publishThenDisconnect("pmr/v1/" + NORTH + "/status", MqttProbe.status(NORTH, boot, 1));
        }
        try (MqttProbe south = MqttProbe.connect(url, tls, SOUTH, SOUTH, SOUTH_PASSWORD);
             MqttProbe north = MqttProbe.connect(url, tls, NORTH, NORTH, NORTH_PASSWORD)) {
            assertEquals(1, north.subscribeAcks(NORTH));
            assertEquals(1, south.subscribeAcks(SOUTH));
            int granted = south.subscribeAcks(NORTH);
            if (subackRefuses) {
                assertEquals(0x80, granted, "south may not subscribe to north's acks");
            }
            south.publish("pmr/v1/" + SOUTH + "/status", MqttProbe.status(NORTH, boot, 2));  // forged payload
            south.publish("pmr/v1/" + SOUTH + "/status", MqttProbe.status(SOUTH, boot, 3));  // its own
            try {
                await().atMost(Duration.ofSeconds(20)).until(() -> south.acked(SOUTH, boot, 3));
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                throw new AssertionError("no ack of south's own message; collector " + collector.counters()
                        + ", south's acks " + south.acks(), e);
            }
            // Each broker forwards in the order it handled the publishes (one connection to the collector):
            // the impostor's message, handled first, would have arrived first.
            assertEquals(received + 2, collector.counters().received(), "the publish as north never arrived");
            assertEquals(mismatches + 1, collector.counters().rejected(RejectReason.AGENT_MISMATCH));
            assertFalse(north.acked(NORTH, boot, 1) || north.acked(NORTH, boot, 2), "nothing acknowledged to north");
            assertFalse(south.acked(SOUTH, boot, 2), "the forged key is not acknowledged to south");
            north.publish("pmr/v1/" + NORTH + "/status", MqttProbe.status(NORTH, boot, 4));
            await().atMost(Duration.ofSeconds(20)).until(() -> north.acked(NORTH, boot, 4));
            assertTrue(south.acks().stream().allMatch(a -> a.getAgentId().equals(SOUTH)),
                    "south received none of north's acks");
        }
    }

    private static void assertRefused(org.junit.jupiter.api.function.Executable connect) {
        MqttException e = assertThrows(MqttException.class, connect);
        assertTrue(Set.of((int) MqttException.REASON_CODE_FAILED_AUTHENTICATION,
                (int) MqttException.REASON_CODE_NOT_AUTHORIZED).contains(e.getReasonCode()), e.toString());
    }

    private static void assertNoSecret(String log, TestPki pki) {
        for (String secret : List.of(pki.password(), NORTH_PASSWORD, SOUTH_PASSWORD, WRONG_PASSWORD)) {
            assertFalse(log.contains(secret), "a secret reached the log");
        }
    }

    private static Path agentCredentials(Path dir) throws IOException {
        Path credentials = dir.resolve("passwd");
        CredentialsFile.put(credentials, NORTH, NORTH_PASSWORD.toCharArray(), new SecureRandom());
        CredentialsFile.put(credentials, SOUTH, SOUTH_PASSWORD.toCharArray(), new SecureRandom());
        return credentials;
    }

    private static MqttSecurity security(TestPki pki, Path dir, String password) throws IOException {
        Path file = Files.writeString(Files.createTempFile(dir, "agent", ".pw"), password + "\n");
        return MqttSecurity.of(pki.trustStore(), pki.passwordFile(), file);
    }

    private static SSLSocketFactory tls(TestPki pki, Path dir) throws IOException {
        return security(pki, dir, "unused").socketFactory();
    }

    private static void run(Path dir, String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("cmd.log").toFile()).start();
        assertTrue(process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0,
                () -> String.join(" ", command) + " failed");
    }
}
