package io.pmr.agent.publish;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pmr.agent.spool.Outbox;
import io.pmr.agent.spool.SequenceStore;
import io.pmr.proto.v1.AgentStatus;
import io.pmr.proto.v1.Envelope;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A connection that vanishes with QoS 1 publishes in flight: after the reconnect the outbox is published again as new
 * PUBLISHes on a clean session, and Paho re-sends nothing with the DUP flag (re-sent in-flight publishes were a
 * trigger of Moquette 0.17's session-loop death, docs/reliability.md).
 */
@Timeout(60)
class CleanReconnectTest {
    private static final int ENVELOPES = 10;
    private static final int DROP_AFTER = 5;

    @TempDir
    Path dataDir;

    @Test
    void afterALostConnectionTheOutboxIsRepublishedOnACleanSessionWithoutDup() throws Exception {
        Outbox outbox = Outbox.open(dataDir, "agent-1", 1_000, SequenceStore.open(dataDir));
        for (int i = 0; i < ENVELOPES; i++) {
            outbox.write(status());
        }
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        try (ScriptedMqttServer server = new ScriptedMqttServer(DROP_AFTER)) {
            // Re-sends only after a minute: every PUBLISH seen within the test comes from a (re)connect.
            PublishConfig config = new PublishConfig("agent-1", server.url(), TimeUnit.MINUTES.toNanos(1), 1);
            Publisher publisher = new Publisher(config, outbox, scheduler, System::nanoTime,
                    CleanReconnectTest::status, new byte[] {1});
            try {
                publisher.start();
                int total = ENVELOPES + 1; // the birth status joins the outbox at the first connect
                await().atMost(Duration.ofSeconds(30)).until(() -> server.publishes(1) >= total);

                assertEquals(DROP_AFTER, server.publishes(0), "the first connection was dropped mid-publish");
                List<ScriptedMqttServer.Packet> second = server.packets().stream()
                        .filter(p -> p.connection() == 1).toList();
                ScriptedMqttServer.Packet connect = second.get(0);
                assertEquals(ScriptedMqttServer.CONNECT, connect.type());
                assertTrue((connect.connectFlags() & 0x02) != 0, "clean session requested on the reconnect");
                assertEquals(List.of(), second.stream().filter(ScriptedMqttServer.Packet::dup).toList(),
                        "no PUBLISH re-sent with DUP");
                assertEquals(total, server.publishes(1), "every unacknowledged envelope once, as a new PUBLISH");
                assertEquals(total, outbox.size(), "nothing deleted without the collector's Ack");
            } finally {
                publisher.close(Duration.ofSeconds(1));
            }
        } finally {
            scheduler.shutdownNow();
        }
    }

    private static Envelope.Builder status() {
        return Envelope.newBuilder().setStatus(AgentStatus.newBuilder().setState(AgentStatus.State.ONLINE));
    }
}
