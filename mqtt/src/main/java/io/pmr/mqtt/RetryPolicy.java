package io.pmr.mqtt;

import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When a {@link MqttSession} tries again, and what it says about it: the {@link Backoff} after a passing failure or a
 * lost connection, {@link SessionSettings#refusedRetry()} after a permanent refusal (logged once at ERROR until the next
 * connection, counted), and the outcome of the first connection. Threading: synchronized; any thread.
 */
final class RetryPolicy {
    private static final Logger LOG = LoggerFactory.getLogger(MqttSession.class);

    private final SessionSettings settings;
    private final Backoff backoff;
    private final CompletableFuture<Void> firstConnection = new CompletableFuture<>();
    private final AtomicLong refused = new AtomicLong();
    private int failuresInARow;
    private boolean refusalReported;
    private volatile ConnectFailure lastFailure;

    RetryPolicy(SessionSettings settings) {
        this.settings = settings;
        this.backoff = new Backoff(settings.backoffInitial().toMillis(), settings.backoffMax().toMillis(),
                new SplittableRandom());
    }

    CompletableFuture<Void> firstConnection() {
        return firstConnection;
    }

    long refused() {
        return refused.get();
    }

    ConnectFailure lastFailure() {
        return lastFailure;
    }

    /** A connection was made: the backoff starts over and a later refusal is reported again. */
    synchronized void connected() {
        failuresInARow = 0;
        refusalReported = false;
        backoff.reset();
        firstConnection.complete(null);
    }

    /** An attempt failed: logs it and returns the delay before the next one, in milliseconds. */
    synchronized long failed(ConnectFailure failure, Throwable cause) {
        lastFailure = failure;
        int inARow = ++failuresInARow;
        String reason = failure.description() + " (" + cause + ")";
        if (failure.permanent()) {
            refused.incrementAndGet();
            long retryMillis = settings.refusedRetry().toMillis();
            if (!refusalReported) {
                refusalReported = true;
                LOG.error("MQTT client {}: broker {} refused the connection: {}; check the credentials, rights and"
                        + " trust store; retrying every {} s, reported once", settings.clientId(),
                        settings.brokerUrl(), reason, retryMillis / 1000);
            } else {
                LOG.debug("MQTT client {}: connect to {} refused again: {}", settings.clientId(),
                        settings.brokerUrl(), reason);
            }
            firstConnection.completeExceptionally(new ConnectFailedException(failure, reason, cause));
            return retryMillis;
        }
        if (inARow >= settings.startAttempts()) {
            firstConnection.completeExceptionally(new ConnectFailedException(failure,
                    inARow + " attempts failed, the last: " + reason, cause));
        }
        long delay = backoff.nextDelayMillis();
        LOG.info("MQTT client {}: connect to {} failed: {}; next attempt in {} ms", settings.clientId(),
                settings.brokerUrl(), reason, delay);
        return delay;
    }

    /** A connection was lost: the delay before the next attempt, in milliseconds. */
    long lost() {
        return backoff.nextDelayMillis();
    }

    /** The session cannot go on (closed, or no client can be made for its URL). */
    void abandoned(String why, Throwable cause) {
        firstConnection.completeExceptionally(new ConnectFailedException(ConnectFailure.FAILED, why, cause));
    }
}
