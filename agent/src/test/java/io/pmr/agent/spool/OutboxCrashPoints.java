package io.pmr.agent.spool;

import java.util.Objects;

/**
 * The test-only seam to an {@link Outbox}'s crash points, for crash tests outside its package: the outbox keeps them
 * package-private, out of its public API.
 */
public final class OutboxCrashPoints {
    /** Where a crash test may stop the outbox, as {@link Outbox.Step}. */
    public enum At {
        /** An envelope's file is durable; it is not yet published. */
        ENTRY_WRITTEN,
        /** Acknowledged envelopes' keys are durable in the ledger; their files are not yet deleted. */
        ACKED_KEYS_APPENDED
    }

    /** What a crash test does at a crash point (it may throw to stop the driver there). */
    @FunctionalInterface
    public interface Hook {
        void reached(At at);
    }

    private OutboxCrashPoints() {
    }

    /** Calls {@code hook} each time {@code outbox} reaches a crash point. */
    public static void onStep(Outbox outbox, Hook hook) {
        Objects.requireNonNull(hook, "hook");
        outbox.onStep(step -> hook.reached(At.valueOf(step.name())));
    }

    /** Freezes the outbox's files as a power cut would: nothing more is written or deleted. */
    public static void halt(Outbox outbox) {
        outbox.halt();
    }
}
