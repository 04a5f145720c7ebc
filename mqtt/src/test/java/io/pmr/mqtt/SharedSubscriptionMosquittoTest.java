package io.pmr.mqtt;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * MQTT shared subscriptions ({@code $share/GROUP/filter}, MQTT 3.1.1) through {@link MqttSession} on a real Mosquitto
 * 2.0, as several collectors use them to share the agents' stream (docs/scaling.md). What Mosquitto 2.0.11 does, read
 * in its source ({@code src/subs.c}, {@code subs__shared_process}; {@code src/context.c}, {@code context__disconnect};
 * {@code src/database.c}, {@code db__messages_delete}) and checked here:
 * <ul>
 *   <li>each message matching the group's filter goes to exactly one member, dealt round robin over the members'
 *       sessions, with the message's own topic (not the {@code $share} filter), to the session's one callback;</li>
 *   <li>a member whose connection drops without DISCONNECT under a <b>clean</b> session leaves the group at once, and
 *       the QoS 1 messages it held unacknowledged are discarded with its session: they are <b>not</b> dealt to the
 *       other members (MQTT 5 says a server SHOULD; Mosquitto 2.0 does not). The agents' re-sends make them good;</li>
 *   <li>a member with a <b>kept</b> session (cleanSession=false) stays in the group while down: it goes on being
 *       dealt its share, queued for it, which the others never see until it comes back. That is why a collector in
 *       a group connects with a clean session.</li>
 * </ul>
 */
class SharedSubscriptionMosquittoTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String GROUP_FILTER = "$share/collectors/pmr/test/+/data";
    private static final String WILL_TOPIC = "pmr/test/will/holder";

    @TempDir
    Path dir;
    private ScheduledExecutorService scheduler;
    private Mosquitto broker;
    private final List<MqttSession> sessions = new ArrayList<>();

    @BeforeEach
    void startBroker() throws Exception {
        assertTrue(Mosquitto.installed(), "mosquitto is not installed: bash .ci/run installs it (apt-get install"
                + " mosquitto)");
        scheduler = Executors.newScheduledThreadPool(2);
        broker = Mosquitto.plain(dir);
    }

    @AfterEach
    void stopEverything() {
        for (MqttSession session : sessions) {
            session.close();
        }
        scheduler.shutdownNow();
        broker.close();
    }

    @ParameterizedTest(name = "{0} members")
    @ValueSource(ints = {2, 3})
    void everyMemberGetsAShareAndTogetherEveryMessageOnce(int members) throws Exception {
        List<Member> group = new ArrayList<>();
        for (int i = 0; i < members; i++) {
            group.add(member("collector-" + i, true, false));
        }
        MqttSession publisher = publisher();
        int count = 300;

        publish(publisher, 0, count);

        await().atMost(WAIT).until(() -> group.stream().mapToInt(m -> m.received.size()).sum() >= count);
        List<Integer> all = new ArrayList<>();
        for (Member member : group) {
            assertTrue(member.received.size() > 0, member.name + " got no share: " + shares(group));
            for (Delivery delivery : member.received) {
                assertEquals("pmr/test/agent-" + delivery.number % 7 + "/data", delivery.topic,
                        "delivered under the message's own topic, not the $share filter");
                all.add(delivery.number);
            }
        }
        assertEquals(count, all.size(), "none twice: " + shares(group));
        assertEquals(IntStream.range(0, count).boxed().collect(Collectors.toCollection(TreeSet::new)),
                new TreeSet<>(all), "every message once");
    }

    @Test
    void aMemberDroppedWithoutDisconnectTakesItsUnacknowledgedMessagesWithItAndLeavesTheGroup() throws Exception {
        // manual acks never given: its deliveries stay in flight; its will says when Mosquitto has dropped it
        Member holder = member("holder", true, true, new SessionSettings.Will(WILL_TOPIC,
                "gone".getBytes(StandardCharsets.US_ASCII), 1, false));
        Member survivor = member("survivor", true, false);
        ConcurrentLinkedQueue<String> wills = new ConcurrentLinkedQueue<>();
        MqttSession publisher = start(SessionSettings.of(broker.url(), "publisher").withSubscriptions(
                List.of(WILL_TOPIC)), (topic, message, connection) -> wills.add(topic));
        int first = 40;
        publish(publisher, 0, first);
        await().atMost(WAIT).until(() -> holder.received.size() + survivor.received.size() >= first);
        List<Integer> held = numbers(holder);
        assertTrue(!held.isEmpty() && !numbers(survivor).isEmpty(), "both had a share: " + held + " / "
                + numbers(survivor));

        holder.session.abandon(); // the socket drops without DISCONNECT, as at a kill -9
        sessions.remove(holder.session);
        // Only once its will is out has Mosquitto dropped the holder from the group: publishing sooner could race the
        // socket's EOF (Mosquitto serves sockets in no set order) and deal later messages to the dead member.
        await().atMost(WAIT).until(() -> wills.contains(WILL_TOPIC));
        int more = 30;
        publish(publisher, first, more);

        // Had Mosquitto dealt the held messages to the group on the drop, they would arrive before the later ones.
        await().atMost(WAIT).until(() -> numbers(survivor).containsAll(range(first, first + more)));
        List<Integer> survived = numbers(survivor);
        assertEquals(first - held.size() + more, survived.size(), "the survivor got every later message and none"
                + " of the held ones: " + survived);
        for (int number : held) {
            assertTrue(!survived.contains(number), "held message " + number + " was dealt again");
        }
    }

    @Test
    void aMemberDownWithAKeptSessionGoesOnBeingDealtItsShareWhichTheOthersNeverSee() throws Exception {
        Member keeper = member("keeper", false, false);
        Member other = member("other", true, false);
        MqttSession publisher = publisher();
        publish(publisher, 0, 2); // both are in the group and have had a message
        await().atMost(WAIT).until(() -> keeper.received.size() + other.received.size() >= 2);

        keeper.session.abandon();
        sessions.remove(keeper.session);
        int count = 40;
        publish(publisher, 100, count);
        await().atMost(WAIT).until(() -> numbers(other).stream().filter(n -> n >= 100).count() >= count / 2);
        List<Integer> otherGot = numbers(other).stream().filter(n -> n >= 100).toList();

        Member back = member("keeper", false, false); // the same client id, the kept session: its queue arrives
        await().atMost(WAIT).until(() -> numbers(back).size() >= count - otherGot.size());
        List<Integer> queued = numbers(back);
        assertTrue(otherGot.size() < count, "the other member did not get the keeper's share while it was down: "
                + otherGot);
        assertEquals(count - otherGot.size(), queued.size(), "the rest was queued for the member that was down");
        TreeSet<Integer> union = new TreeSet<>(otherGot);
        union.addAll(queued);
        assertEquals(new TreeSet<>(range(100, 100 + count)), union, "every message once between them");
    }

    private record Delivery(String topic, int number) {
    }

    private static final class Member {
        final String name;
        final ConcurrentLinkedQueue<Delivery> received = new ConcurrentLinkedQueue<>();
        MqttSession session;

        Member(String name) {
            this.name = name;
        }
    }

    private Member member(String clientId, boolean cleanSession, boolean holdAcks) throws Exception {
        return member(clientId, cleanSession, holdAcks, null);
    }

    private Member member(String clientId, boolean cleanSession, boolean holdAcks, SessionSettings.Will will)
            throws Exception {
        Member member = new Member(clientId);
        SessionSettings settings = SessionSettings.of(broker.url(), clientId).withCleanSession(cleanSession)
                .withManualAcks(holdAcks).withSubscriptions(List.of(GROUP_FILTER)).withWill(will);
        member.session = start(settings, (topic, message, connection) -> member.received.add(
                new Delivery(topic, Integer.parseInt(new String(message.getPayload(), StandardCharsets.US_ASCII)))));
        return member;
    }

    private MqttSession publisher() throws Exception {
        return start(SessionSettings.of(broker.url(), "publisher"), (topic, message, connection) -> {
        });
    }

    private MqttSession start(SessionSettings settings, MqttSession.Listener listener) throws Exception {
        MqttSession session = new MqttSession(settings, scheduler, System::nanoTime, listener);
        sessions.add(session);
        session.start();
        session.firstConnection().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        return session;
    }

    /** Publishes numbers {@code from .. from+count-1} at QoS 1 over seven agents' topics. */
    private static void publish(MqttSession publisher, int from, int count) throws MqttException {
        for (int n = from; n < from + count; n++) {
            publisher.publish("pmr/test/agent-" + n % 7 + "/data", Integer.toString(n).getBytes(StandardCharsets
                    .US_ASCII), 1, false);
        }
    }

    private static List<Integer> numbers(Member member) {
        return member.received.stream().map(Delivery::number).toList();
    }

    private static List<Integer> range(int from, int to) {
        return IntStream.range(from, to).boxed().toList();
    }

    private static Map<String, Integer> shares(List<Member> group) {
        Map<String, Integer> shares = new HashMap<>();
        group.forEach(m -> shares.put(m.name, m.received.size()));
        return shares;
    }
}
