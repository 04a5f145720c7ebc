package io.pmr.hardware.tap;

import io.pmr.hardware.EventKind;
import io.pmr.hardware.HanListener;
import io.pmr.hardware.HubVariant;

import java.util.ArrayList;
import java.util.List;

/** Records every listener call as text, in order: {@code start <id> <kind> <variant> <nanos>}, {@code end <id> <nanos> <success>}. */
final class Recorder implements HanListener {
    final List<String> calls = new ArrayList<>();
    final List<Long> startedIds = new ArrayList<>();
    final List<Long> endedIds = new ArrayList<>();

    @Override
    public void onStart(long messageId, EventKind kind, HubVariant variant, long startEpochNanos) {
        startedIds.add(messageId);
        calls.add("start " + messageId + " " + kind + " " + variant + " " + startEpochNanos);
    }

    @Override
    public void onEnd(long messageId, long endEpochNanos, boolean success) {
        endedIds.add(messageId);
        calls.add("end " + messageId + " " + endEpochNanos + " " + success);
    }

    /** Returns the calls so far and forgets them. */
    List<String> take() {
        List<String> taken = List.copyOf(calls);
        calls.clear();
        return taken;
    }
}
