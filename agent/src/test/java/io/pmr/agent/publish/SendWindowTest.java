package io.pmr.agent.publish;

import io.pmr.agent.spool.Outbox;
import io.pmr.agent.spool.OutboxEntry;
import io.pmr.agent.spool.SequenceStore;
import io.pmr.proto.v1.AgentStatus;
import io.pmr.proto.v1.Envelope;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a sweep publishes, on a virtual nanosecond clock. */
class SendWindowTest {
    private static final long RESEND_AFTER = 1_000L;

    @TempDir
    Path dataDir;
    private List<OutboxEntry> entries;
    private final SendState sent = new SendState();

    @BeforeEach
    void writeOutbox() throws IOException {
        Outbox outbox = Outbox.open(dataDir, "agent-1", 1_000, SequenceStore.open(dataDir));
        for (int i = 0; i < 100; i++) {
            outbox.write(Envelope.newBuilder().setStatus(AgentStatus.newBuilder().setState(AgentStatus.State.ONLINE)));
        }
        entries = outbox.entries();
    }

    @Test
    void newEnvelopesGoOutInSequenceOrderUpToTheWindow() {
        SendWindow window = new SendWindow(RESEND_AFTER);
        List<OutboxEntry> first = select(window, 0);
        assertEquals(SendWindow.MAX_SIZE, first.size());
        assertEquals(entries.subList(0, SendWindow.MAX_SIZE), first);
        publish(first, 0);
        assertEquals(List.of(), select(window, RESEND_AFTER - 1), "window full, nothing due yet");
    }

    @Test
    void reSendsFallDueAfterResendAfterThenBackOffDoublingUpToEightTimes() {
        SendWindow window = new SendWindow(RESEND_AFTER);
        publish(select(window, 0), 0);
        OutboxEntry oldest = entries.get(0);
        assertEquals(oldest, select(window, RESEND_AFTER).get(0), "due after resendAfter");
        assertEquals(RESEND_AFTER, window.resendDelayNanos(1));
        assertEquals(2 * RESEND_AFTER, window.resendDelayNanos(2));
        assertEquals(4 * RESEND_AFTER, window.resendDelayNanos(3));
        assertEquals(8 * RESEND_AFTER, window.resendDelayNanos(4));
        assertEquals(8 * RESEND_AFTER, window.resendDelayNanos(40), "capped at MAX_BACKOFF_FACTOR");
    }

    @Test
    void aDueReSendHalvesTheWindowOncePerResendAfterAndAcksOpenItAgain() {
        SendWindow window = new SendWindow(RESEND_AFTER);
        publish(select(window, 0), 0);
        select(window, RESEND_AFTER); // 64 re-sends due at once: one cut, not 64
        assertEquals(32, window.size());
        select(window, RESEND_AFTER + 1);
        assertEquals(32, window.size(), "no second cut within resendAfter");
        window.acknowledged(10);
        assertEquals(42, window.size());
        window.acknowledged(1_000);
        assertEquals(SendWindow.MAX_SIZE, window.size(), "never above the maximum");
        for (int i = 0; i < 20; i++) {
            publish(entries, 0);
            select(window, (i + 2) * RESEND_AFTER);
        }
        assertEquals(1, window.size(), "never below one");
    }

    @Test
    void aConnectMakesDueAtOnceWhatWentOutOnAnotherConnectionButNotWhatThisOneAlreadyCarries() {
        SendWindow window = new SendWindow(RESEND_AFTER);
        List<OutboxEntry> first = select(window, 0);
        publish(first.subList(0, 10), 0); // on connection 1, which then drops
        for (OutboxEntry entry : first.subList(10, 15)) {
            sent.published(entry, 0, 2); // a sweep on connection 2 before its connect callback ran
        }
        sent.allDueBut(2);
        List<OutboxEntry> due = select(window, 1);
        assertEquals(first.subList(0, 10), due.subList(0, 10), "connection 1's envelopes, due at once, oldest first");
        assertTrue(due.stream().noneMatch(first.subList(10, 15)::contains), "connection 2 already carries these");
        assertEquals(1, sent.publishCount(first.get(0)), "its attempts are kept");
        publish(due, 1);
        assertEquals(first.get(10), select(window, RESEND_AFTER).get(0), "their own re-send timer still runs");
    }

    private List<OutboxEntry> select(SendWindow window, long now) {
        List<OutboxEntry> out = new ArrayList<>();
        window.select(entries, sent, now, out);
        return out;
    }

    private void publish(List<OutboxEntry> published, long now) {
        for (OutboxEntry entry : published) {
            sent.published(entry, now, 1);
        }
    }
}
