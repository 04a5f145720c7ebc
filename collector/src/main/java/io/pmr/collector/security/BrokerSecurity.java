package io.pmr.collector.security;

import io.pmr.mqtt.SecretFile;
import java.nio.file.Path;

/**
 * Security of the embedded broker: a TLS listener only (no plain TCP), every client authenticated, topic rights
 * enforced (see docs/security.md). Holds file paths only: the secrets are read from the files when the broker
 * starts, so this record (and its {@code toString()}) never carries one.
 *
 * @param keyStore                 PKCS12 key store with the broker's private key and certificate chain
 * @param keyStorePasswordFile     file whose first line is the key store's password
 * @param credentialsFile          Mosquitto password file ({@code user:$7$...}, e.g. from {@code mosquitto_passwd}
 *                                 or {@code pmr credentials add})
 * @param requireClientCert        when true, a client must also present a certificate that {@code clientTrustStore}
 *                                 trusts (mutual TLS), on top of its password
 * @param clientTrustStore         PKCS12 trust store of the CA that signs client certificates; required when
 *                                 {@code requireClientCert}, else null
 * @param clientTrustStorePasswordFile its password file, or null with {@code clientTrustStore}
 */
public record BrokerSecurity(Path keyStore, Path keyStorePasswordFile, Path credentialsFile,
        boolean requireClientCert, Path clientTrustStore, Path clientTrustStorePasswordFile) {

    public BrokerSecurity {
        SecretFile.requireReadable(keyStore, "keyStore");
        SecretFile.requireReadable(keyStorePasswordFile, "keyStorePasswordFile");
        SecretFile.requireReadable(credentialsFile, "credentialsFile");
        if (requireClientCert) {
            SecretFile.requireReadable(clientTrustStore, "clientTrustStore (required by requireClientCert)");
            SecretFile.requireReadable(clientTrustStorePasswordFile, "clientTrustStorePasswordFile");
        } else if (clientTrustStore != null) {
            SecretFile.requireReadable(clientTrustStorePasswordFile, "clientTrustStorePasswordFile");
        }
    }

    /** TLS and passwords, no client certificate. */
    public static BrokerSecurity of(Path keyStore, Path keyStorePasswordFile, Path credentialsFile) {
        return new BrokerSecurity(keyStore, keyStorePasswordFile, credentialsFile, false, null, null);
    }
}
