package io.pmr.launcher;

import io.pmr.collector.CollectorSettings;
import io.pmr.collector.security.BrokerSecurity;
import io.pmr.collector.security.ClientSecurity;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/**
 * The security flags of {@code pmr collector} (docs/security.md). Secrets come from files, never from the command
 * line. With {@code --tls-keystore} the embedded broker runs secured; with {@code --broker-truststore} the ingest
 * logs in to a secured external broker. Neither: plain loopback defaults.
 */
final class CollectorSecurityOptions {

    @Option(names = "--tls-keystore", paramLabel = "FILE", description = "Secure the embedded broker: TLS only, with this PKCS12 key store (key and certificate chain).")
    Path keyStore;

    @Option(names = "--tls-keystore-password-file", paramLabel = "FILE", description = "File whose first line is the key store's password.")
    Path keyStorePasswordFile;

    @Option(names = "--credentials-file", paramLabel = "FILE", description = "Agents' passwords: a Mosquitto password file (mosquitto_passwd, or pmr credentials add).")
    Path credentialsFile;

    @Option(names = "--require-client-cert", description = "Agents must also present a certificate signed by --client-truststore's CA.")
    boolean requireClientCert;

    @Option(names = "--client-truststore", paramLabel = "FILE", description = "PKCS12 trust store of the CA that signs agents' certificates.")
    Path clientTrustStore;

    @Option(names = "--client-truststore-password-file", paramLabel = "FILE", description = "Its password file.")
    Path clientTrustStorePasswordFile;

    @Option(names = "--broker-truststore", paramLabel = "FILE", description = "With an ssl:// --broker-url: PKCS12 trust store of the broker's CA.")
    Path brokerTrustStore;

    @Option(names = "--broker-truststore-password-file", paramLabel = "FILE", description = "Its password file.")
    Path brokerTrustStorePasswordFile;

    @Option(names = "--broker-keystore", paramLabel = "FILE", description = "With --broker-truststore: the collector's PKCS12 client certificate, if the broker requires one.")
    Path brokerKeyStore;

    @Option(names = "--broker-keystore-password-file", paramLabel = "FILE", description = "Its password file.")
    Path brokerKeyStorePasswordFile;

    @Option(names = "--broker-username", defaultValue = CollectorSettings.DEFAULT_CLIENT_ID, description = "The collector's username on the external broker (default ${DEFAULT-VALUE}).")
    String brokerUsername;

    @Option(names = "--broker-password-file", paramLabel = "FILE", description = "File whose first line is the collector's password on the external broker.")
    Path brokerPasswordFile;

    /** Applies the flags to the settings; a flag given without the ones it needs fails naming them. */
    CollectorSettings.Builder applyTo(CollectorSettings.Builder builder) {
        if (keyStore != null || keyStorePasswordFile != null || credentialsFile != null || requireClientCert) {
            if (keyStore == null || keyStorePasswordFile == null || credentialsFile == null) {
                throw new IllegalArgumentException("--tls-keystore, --tls-keystore-password-file and"
                        + " --credentials-file go together");
            }
            builder.brokerSecurity(new BrokerSecurity(keyStore, keyStorePasswordFile, credentialsFile,
                    requireClientCert, clientTrustStore, clientTrustStorePasswordFile));
        }
        if (brokerTrustStore != null || brokerPasswordFile != null) {
            if (brokerTrustStore == null || brokerTrustStorePasswordFile == null || brokerPasswordFile == null) {
                throw new IllegalArgumentException("--broker-truststore, --broker-truststore-password-file and"
                        + " --broker-password-file go together");
            }
            builder.externalBrokerSecurity(new ClientSecurity(brokerTrustStore, brokerTrustStorePasswordFile,
                    brokerKeyStore, brokerKeyStorePasswordFile, brokerUsername, brokerPasswordFile));
        }
        return builder;
    }
}
