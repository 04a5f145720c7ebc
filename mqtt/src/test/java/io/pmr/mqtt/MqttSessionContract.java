package io.pmr.mqtt;

import io.pmr.testkit.TestPki;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The contract of {@link MqttSession} against a real broker: each subclass names one. Connect and subscribe, receive
 * on the connection reported, reconnect and subscribe again after the broker restarts, a refused login and an
 * untrusted certificate as values, TLS with a throwaway PKI.
 */
abstract class MqttSessionContract {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String USER = "meter-1";
    private static final String PASSWORD = "right-password";

    @TempDir
    Path dir;
    private ScheduledExecutorService scheduler;
    private final List<AutoCloseable> resources = new ArrayList<>();

    abstract TestBroker plainBroker(Path dir) throws IOException;

    abstract TestBroker securedBroker(Path dir, TestPki pki, String user, String password) throws IOException;

    /** What this broker answers to a wrong password. */
    abstract ConnectFailure wrongPasswordFailure();

    @BeforeEach
    void startScheduler() {
        scheduler = Executors.newScheduledThreadPool(2);
    }

    @AfterEach
    void closeEverything() throws Exception {
        for (int i = resources.size() - 1; i >= 0; i--) {
            resources.get(i).close();
        }
        scheduler.shutdownNow();
    }

    @Test
    void connectsSubscribesAndAcksOnlyOnTheConnectionAMessageCameOn() throws Exception {
        TestBroker broker = keep(plainBroker(dir));
        Recorder recorder = new Recorder();
        MqttSession session = session(SessionSettings.of(broker.url(), "contract-a")
                .withSubscriptions(List.of("pmr/test/#")).withManualAcks(true).withCleanSession(false), recorder);

        session.start();
        session.firstConnection().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        await().atMost(WAIT).until(() -> recorder.connected.get() == 1);
        assertTrue(session.isConnected());

        Received received = roundTrip(session, recorder, "pmr/test/one");
        assertEquals(session.connection(), received.connection());
        assertFalse(session.complete(received.message().getId(), 1, received.connection() + 1),
                "a message id of another connection is never acknowledged");
        assertTrue(session.complete(received.message().getId(), 1, received.connection()));
        assertEquals(1, session.connects());
        // A broker just started may drop a first handshake on a loaded machine (seen once in CI: FAILED, then the
        // retry connected); what this contract holds is that such a failure is passing, retried and never a refusal.
        ConnectFailure failure = session.lastFailure();
        assertTrue(failure == null || !failure.permanent(), "a refusal on a plain broker: " + failure);
        assertEquals(0, session.refusedConnects());
    }

    @Test
    void reconnectsAndSubscribesAgainAfterTheBrokerRestarts() throws Exception {
        TestBroker broker = keep(plainBroker(dir));
        Recorder recorder = new Recorder();
        MqttSession session = session(SessionSettings.of(broker.url(), "contract-b")
                .withSubscriptions(List.of("pmr/test/#"))
                .withBackoff(Duration.ofMillis(50), Duration.ofMillis(500)), recorder);
        recorder.session = session;
        session.start();
        session.firstConnection().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        long first = session.connection();

        broker.restart();

        await().atMost(WAIT).untilAsserted(() -> assertTrue(session.connects() == 2 && session.isConnected(),
                "connects " + session.connects() + ", connected " + session.isConnected() + ", connection "
                        + session.connection() + ", last failure " + session.lastFailure()));
        // The listener hears of the new connection. (Of the first one only if it still stood when the scheduler ran
        // the callback: the restart may drop it first, and a dropped connection is not announced.)
        await().atMost(WAIT).until(() -> recorder.connectedOn.contains(session.connection()));
        assertNotEquals(first, session.connection(), "a new connection, with a new id");
        Received received = roundTrip(session, recorder, "pmr/test/after-restart");
        assertEquals(session.connection(), received.connection());
        assertEquals(0, session.refusedConnects());
    }

    /**
     * Manual acks coalesce the pending PUBACKs ({@link AckCoalescingStreams}): a burst acknowledged as it arrives is
     * acknowledged to the broker in full. On a broker with a window of unacknowledged messages (Moquette's 10) a
     * PUBACK held back would stall the burst; on any broker an unacknowledged message comes back first on the next
     * connection of the same session, before a message published after the burst.
     */
    @Test
    void aBurstAcknowledgedAsItArrivesIsAcknowledgedInFull() throws Exception {
        TestBroker broker = keep(plainBroker(dir));
        int count = 900;
        java.util.Set<String> topics = java.util.concurrent.ConcurrentHashMap.newKeySet();
        java.util.concurrent.atomic.AtomicReference<MqttSession> self = new java.util.concurrent.atomic.AtomicReference<>();
        MqttSession.Listener acking = (topic, message, connection) -> {
            topics.add(topic);
            self.get().complete(message.getId(), message.getQos(), connection); // as the collector does, on arrival
        };
        SessionSettings settings = SessionSettings.of(broker.url(), "contract-burst")
                .withSubscriptions(List.of("pmr/test/#")).withManualAcks(true).withCleanSession(false);
        MqttSession receiving = new MqttSession(settings, scheduler, System::nanoTime, acking);
        self.set(receiving);
        resources.add(receiving);
        receiving.start();
        receiving.firstConnection().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        MqttSession publisher = session(SessionSettings.of(broker.url(), "contract-burst-pub"), new Recorder());
        publisher.start();
        publisher.firstConnection().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        for (int i = 0; i < count; i++) { // fewer than the publisher's window of 1,000: no publish is refused
            publisher.publish("pmr/test/burst/" + i, new byte[100], 1, false);
        }
        await().atMost(WAIT).until(() -> topics.size() == count);
        receiving.close(Duration.ofSeconds(5), Duration.ofSeconds(10));

        Recorder recorder = new Recorder();
        MqttSession again = session(settings, recorder);
        again.start();
        again.firstConnection().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        publisher.publish("pmr/test/after-burst", new byte[1], 1, false);
        Received first = recorder.messages.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertNotNull(first, "nothing arrived after the burst");
        assertEquals("pmr/test/after-burst", first.topic(), "a message of the burst was not acknowledged");
    }

    @Test
    void overTlsWithTheRightPasswordItConnectsAndDelivers() throws Exception {
        TestPki pki = TestPki.create(Files.createDirectories(dir.resolve("pki")), 7);
        TestBroker broker = keep(securedBroker(dir, pki, USER, PASSWORD));
        assertTrue(broker.url().startsWith("ssl://"), broker.url());
        Recorder recorder = new Recorder();
        MqttSession session = session(SessionSettings.of(broker.url(), USER)
                .withSubscriptions(List.of("pmr/test/#")).withLogin(login(pki.trustStore(), pki, PASSWORD)),
                recorder);

        session.start();
        session.firstConnection().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        roundTrip(session, recorder, "pmr/test/tls");
    }

    @Test
    void aWrongPasswordIsAPermanentRefusalReportedAsAValue() throws Exception {
        TestPki pki = TestPki.create(Files.createDirectories(dir.resolve("pki")), 11);
        TestBroker broker = keep(securedBroker(dir, pki, USER, PASSWORD));
        MqttSession session = session(SessionSettings.of(broker.url(), USER)
                .withSubscriptions(List.of("pmr/test/#")).withLogin(login(pki.trustStore(), pki, "wrong-password")),
                new Recorder());

        session.start();
        ConnectFailedException refused = refusal(session);
        assertEquals(wrongPasswordFailure(), refused.failure(), refused.getMessage());
        assertTrue(refused.failure().permanent());
        assertFalse(refused.getMessage().contains("wrong-password"), "never the password: " + refused.getMessage());
        assertEquals(1, session.refusedConnects(), "retried only after refusedRetry (a minute)");
        assertEquals(wrongPasswordFailure(), session.lastFailure());
        assertFalse(session.isConnected());
    }

    @Test
    void aBrokerCertificateFromAnotherCaIsATlsRefusal() throws Exception {
        TestPki pki = TestPki.create(Files.createDirectories(dir.resolve("pki")), 13);
        TestPki stranger = TestPki.create(Files.createDirectories(dir.resolve("stranger")), 17);
        TestBroker broker = keep(securedBroker(dir, pki, USER, PASSWORD));
        MqttSession session = session(SessionSettings.of(broker.url(), USER)
                .withLogin(login(stranger.trustStore(), stranger, PASSWORD)), new Recorder());

        session.start();
        assertEquals(ConnectFailure.TLS_REFUSED, refusal(session).failure());
        assertEquals(1, session.refusedConnects());
    }

    private static ConnectFailedException refusal(MqttSession session) {
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> session.firstConnection().get(WAIT.toSeconds(), TimeUnit.SECONDS));
        return assertInstanceOf(ConnectFailedException.class, e.getCause());
    }

    private ClientLogin login(Path trustStore, TestPki storesOf, String password) throws IOException {
        Path passwordFile = Files.writeString(dir.resolve("mqtt-" + password + ".pw"), password + "\n");
        return new MqttSecurity(trustStore, storesOf.passwordFile(), null, null, passwordFile).login(USER);
    }

    private Received roundTrip(MqttSession session, Recorder recorder, String topic) throws Exception {
        byte[] payload = ("payload of " + topic).getBytes(StandardCharsets.UTF_8);
        session.publish(topic, payload, 1, false);
        Received received = recorder.messages.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertNotNull(received, "nothing arrived on " + topic);
        assertEquals(topic, received.topic());
        assertArrayEquals(payload, received.message().getPayload());
        return received;
    }

    private MqttSession session(SessionSettings settings, Recorder recorder) {
        MqttSession session = new MqttSession(settings, scheduler, System::nanoTime, recorder);
        resources.add(session);
        return session;
    }

    private <T extends AutoCloseable> T keep(T resource) {
        resources.add(resource);
        return resource;
    }

    record Received(String topic, MqttMessage message, long connection) {
    }

    static final class Recorder implements MqttSession.Listener {
        final AtomicInteger connected = new AtomicInteger();
        /** The session's connection id at each {@link #connected} call, when {@link #session} is set. */
        final java.util.Queue<Long> connectedOn = new java.util.concurrent.ConcurrentLinkedQueue<>();
        volatile MqttSession session;
        final BlockingQueue<Received> messages = new LinkedBlockingQueue<>();

        @Override
        public void connected() {
            connected.incrementAndGet();
            MqttSession of = session;
            if (of != null) {
                connectedOn.add(of.connection());
            }
        }

        @Override
        public void messageArrived(String topic, MqttMessage message, long connection) {
            messages.add(new Received(topic, message, connection));
        }
    }
}
