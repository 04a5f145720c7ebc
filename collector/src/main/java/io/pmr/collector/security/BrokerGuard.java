package io.pmr.collector.security;

import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.pmr.mqtt.ClientLogin;
import io.pmr.mqtt.KeyStores;
import io.pmr.mqtt.SecretFile;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.util.Base64;
import java.util.Collections;
import java.util.Map;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManagerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything the embedded broker needs to run secured, built once from a {@link BrokerSecurity}: the server's TLS context,
 * the login check ({@link #checkLogin}), the topic rights ({@link #mayPublish}, {@link #maySubscribe}) and the in-process ingest's login (trusting the broker's own certificate, a random secret as password, the broker's
 * key as client certificate when one is required). Reads the secret files here; logs their paths, never contents. Knows no broker in particular: {@code collector.broker}
 * adapts it to the embedded one. Immutable, thread-safe.
 */
public final class BrokerGuard {
    private static final Logger LOG = LoggerFactory.getLogger(BrokerGuard.class);

    private final SslContext serverContext;
    private final BrokerAuthenticator authenticator;
    private final TopicRights rights;
    private final ClientLogin ingestLogin;
    private final boolean needClientAuth;

    private BrokerGuard(SslContext serverContext, BrokerAuthenticator authenticator, TopicRights rights,
            ClientLogin ingestLogin, boolean needClientAuth) {
        this.serverContext = serverContext;
        this.authenticator = authenticator;
        this.rights = rights;
        this.ingestLogin = ingestLogin;
        this.needClientAuth = needClientAuth;
    }

    /**
     * @param collectorUser the username (and client id) of the collector's ingest
     */
    public static BrokerGuard create(BrokerSecurity security, String collectorUser, SecureRandom random) {
        CredentialsFile credentials = CredentialsFile.load(security.credentialsFile());
        if (credentials.contains(collectorUser)) {
            LOG.warn("credentials file {} lists the collector's own user '{}': ignored, the embedded broker's ingest"
                    + " logs in with an in-process secret", security.credentialsFile(), collectorUser);
        }
        char[] keyPassword = SecretFile.read(security.keyStorePasswordFile(), "keyStorePasswordFile");
        try {
            KeyStore keyStore = KeyStores.load(security.keyStore(), keyPassword, "keyStore");
            KeyManagerFactory keys = KeyStores.keyManagers(security.keyStore(), keyPassword, "keyStore");
            TrustManagerFactory clientTrust = null;
            if (security.clientTrustStore() != null) {
                char[] trustPassword = SecretFile.read(security.clientTrustStorePasswordFile(),
                        "clientTrustStorePasswordFile");
                clientTrust = KeyStores.trustManagers(security.clientTrustStore(), trustPassword, "clientTrustStore");
                java.util.Arrays.fill(trustPassword, '\0');
            }
            SslContextBuilder builder = SslContextBuilder.forServer(keys).sslProvider(SslProvider.JDK)
                    .clientAuth(security.requireClientCert() ? ClientAuth.REQUIRE : ClientAuth.NONE);
            if (clientTrust != null) {
                builder.trustManager(clientTrust);
            }
            SslContext serverContext = builder.build();
            byte[] secret = new byte[32];
            random.nextBytes(secret);
            String secretText = Base64.getEncoder().withoutPadding().encodeToString(secret);
            ClientLogin ingestLogin = new ClientLogin(
                    ingestSocketFactory(keyStore, security.requireClientCert() ? keys : null, random),
                    collectorUser, secretText.toCharArray(), false);
            BrokerAuthenticator authenticator = new BrokerAuthenticator(credentials, collectorUser,
                    secretText.getBytes(StandardCharsets.UTF_8));
            LOG.info("Embedded broker security: TLS key store {}, credentials {} ({} users), client certificate {}",
                    security.keyStore(), security.credentialsFile(), credentials.size(),
                    security.requireClientCert() ? "required (trust " + security.clientTrustStore() + ")"
                            : "not required");
            return new BrokerGuard(serverContext, authenticator, new TopicRights(collectorUser), ingestLogin,
                    security.requireClientCert());
        } catch (SSLException e) {
            throw new IllegalArgumentException("keyStore: cannot build the TLS context from " + security.keyStore()
                    + ": " + e.getMessage(), e);
        } finally {
            java.util.Arrays.fill(keyPassword, '\0');
        }
    }

    /** The ingest trusts exactly the certificates of the broker's own key store. */
    private static javax.net.ssl.SSLSocketFactory ingestSocketFactory(KeyStore brokerKeys, KeyManagerFactory clientKeys,
            SecureRandom random) {
        try {
            KeyStore pinned = KeyStore.getInstance("PKCS12");
            pinned.load(null, null);
            int n = 0;
            for (String alias : Collections.list(brokerKeys.aliases())) {
                Certificate[] chain = brokerKeys.getCertificateChain(alias);
                if (chain == null) {
                    continue;
                }
                for (Certificate certificate : chain) {
                    pinned.setCertificateEntry("c" + n++, certificate);
                }
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(pinned);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(clientKeys == null ? null : clientKeys.getKeyManagers(), trust.getTrustManagers(), random);
            return context.getSocketFactory();
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException("cannot build the ingest's TLS context: " + e, e);
        }
    }

    /** The broker's TLS context (server key, client trust when a client certificate is required). */
    public SslContext serverContext() {
        return serverContext;
    }

    /** Whether a client may connect with this id and login; a refusal is counted under its reason and logged. */
    public boolean checkLogin(String clientId, String username, byte[] password) {
        return authenticator.checkValid(clientId, username, password);
    }

    /** Whether {@code user} may publish on {@code topic} (docs/security.md). */
    public boolean mayPublish(String topic, String user) {
        return rights.canWrite(topic, user);
    }

    /** Whether {@code user} may subscribe to {@code topicFilter} (docs/security.md). */
    public boolean maySubscribe(String topicFilter, String user) {
        return rights.canRead(topicFilter, user);
    }

    public boolean needClientAuth() {
        return needClientAuth;
    }

    /** How the in-process ingest logs in. */
    public ClientLogin ingestLogin() {
        return ingestLogin;
    }

    /** Connects refused by the authenticator, per reason, since start. */
    public Map<String, Long> refusedConnects() {
        return authenticator.refused();
    }
}
