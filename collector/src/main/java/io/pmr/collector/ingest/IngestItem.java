package io.pmr.collector.ingest;

import io.pmr.collector.data.EnvelopeKey;
import io.pmr.collector.store.CheckedHistograms;
import io.pmr.collector.store.PreparedEnvelope;
import io.pmr.collector.store.StoreWrite;
import io.pmr.proto.v1.Envelope;

/**
 * One message of a batch on its way to the store. Its verdicts are set once by {@link #prepare} (on a validation
 * thread); its write, key and reason by the writer ({@link IngestWorker}). The batch hand-off between the two
 * (a completed future) publishes the verdicts safely; after it, the item is confined to the writer thread.
 */
final class IngestItem {
    final Inbound inbound;
    /** The time the batch was taken from the queue, stored with its rows. */
    final long receivedEpochMillis;
    /** The parsed envelope when it passed {@link EnvelopeValidator#screen}, else null. */
    Envelope screened;
    /** Why the screen refused it, or null when it passed. */
    Verdict.Invalid screenRefusal;
    /**
     * The deep checks' verdict for a screened envelope, or null when screening failed. Computed for every screened
     * envelope, off the writer thread; the writer ignores it for an envelope whose key is already stored (a duplicate
     * is confirmed by key and payload hash, as if it had never been validated in depth).
     */
    Verdict deep;
    /** The payload's hash and decoded histograms when the deep checks passed, else null. */
    PreparedEnvelope prepared;
    StoreWrite write;
    EnvelopeKey ackKey;
    /** Why it is quarantined, or null. */
    RejectReason reason;

    private IngestItem(Inbound inbound, long receivedEpochMillis) {
        this.inbound = inbound;
        this.receivedEpochMillis = receivedEpochMillis;
    }

    /** Screens and, when that passes, validates in depth: CPU work only, safe on any thread. */
    static IngestItem prepare(Inbound inbound, EnvelopeValidator validator, long receivedEpochMillis) {
        IngestItem item = new IngestItem(inbound, receivedEpochMillis);
        Verdict verdict = validator.screen(inbound.topic(), inbound.payload());
        if (verdict instanceof Verdict.Valid valid) {
            item.screened = valid.envelope();
            // the check's one inflate of each histogram serves the preparation too (this thread's buffers)
            CheckedHistograms checked = CheckedHistograms.thisThread();
            item.deep = validator.check(valid.envelope(), checked);
            if (item.deep instanceof Verdict.Valid) {
                // the writer's per-message CPU that needs no store, done here in parallel (the writer is serial)
                item.prepared = PreparedEnvelope.of(valid.envelope(), inbound.payload(), checked);
            } else {
                checked.forget();
            }
        } else {
            item.screenRefusal = (Verdict.Invalid) verdict;
        }
        return item;
    }
}
