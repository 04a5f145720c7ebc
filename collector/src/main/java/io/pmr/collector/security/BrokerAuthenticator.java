package io.pmr.collector.security;

import java.security.MessageDigest;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Authenticates the embedded broker's clients. An agent connects with username = client id = its agent id (the id
 * pattern, no {@code + # /}) and the password of its line in the credentials file. The client id must equal the
 * username: with cleanSession=false a client id names a session and its subscriptions, so agent A connecting as
 * client B would inherit B's acks. The collector's ingest connects as {@code collectorUser} with a secret made in
 * process at start, known to nobody outside it.
 *
 * <p>Every refusal is counted under its reason and logged with the (sanitised) ids, never the password. The broker
 * itself may refuse clients without a username or password before this is asked. Thread-safe (Netty threads call it).
 */
final class BrokerAuthenticator {
    private static final Logger LOG = LoggerFactory.getLogger(BrokerAuthenticator.class);

    private final CredentialsFile credentials;
    private final String collectorUser;
    private final byte[] collectorSecret;
    private final Map<String, AtomicLong> refused = new ConcurrentHashMap<>();

    BrokerAuthenticator(CredentialsFile credentials, String collectorUser, byte[] collectorSecret) {
        this.credentials = credentials;
        this.collectorUser = collectorUser;
        this.collectorSecret = collectorSecret.clone();
    }

    /** Whether the login is valid; a refusal is counted and logged. */
    boolean checkValid(String clientId, String username, byte[] password) {
        if (username == null || password == null || password.length == 0) {
            return refuse("no_credentials", clientId, username);
        }
        if (username.equals(collectorUser)) {
            if (!MessageDigest.isEqual(collectorSecret, password)) {
                return refuse("bad_password", clientId, username);
            }
            return true;
        }
        String problem = Identities.agentIdProblem(username);
        if (problem != null) {
            return refuse("bad_identity", clientId, username);
        }
        if (!username.equals(clientId)) {
            return refuse("client_id_mismatch", clientId, username);
        }
        if (!credentials.verify(username, password)) {
            return refuse("bad_password", clientId, username);
        }
        return true;
    }

    private boolean refuse(String reason, String clientId, String username) {
        refused.computeIfAbsent(reason, r -> new AtomicLong()).incrementAndGet();
        LOG.warn("MQTT connect refused ({}): client id '{}', username '{}'", reason, Printable.of(clientId),
                Printable.of(username));
        return false;
    }

    /** Refused connects per reason since start: a snapshot. */
    Map<String, Long> refused() {
        Map<String, Long> out = new java.util.TreeMap<>();
        refused.forEach((reason, count) -> out.put(reason, count.get()));
        return out;
    }
}
