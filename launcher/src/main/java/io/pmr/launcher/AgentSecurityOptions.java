package io.pmr.launcher;

import io.pmr.mqtt.MqttSecurity;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/**
 * The security flags of {@code pmr agent} (docs/security.md): TLS trust, an optional client certificate and the
 * agent's password, all from files (the MQTT username is the agent id). None given: a plain, anonymous broker.
 */
final class AgentSecurityOptions {

    @Option(names = "--tls-truststore", paramLabel = "FILE", description = "PKCS12 trust store of the broker's CA (the broker URL must then be ssl://).")
    Path trustStore;

    @Option(names = "--tls-truststore-password-file", paramLabel = "FILE", description = "File whose first line is the trust store's password.")
    Path trustStorePasswordFile;

    @Option(names = "--tls-keystore", paramLabel = "FILE", description = "PKCS12 key store with the agent's client certificate, if the broker requires one.")
    Path keyStore;

    @Option(names = "--tls-keystore-password-file", paramLabel = "FILE", description = "Its password file.")
    Path keyStorePasswordFile;

    @Option(names = "--password-file", paramLabel = "FILE", description = "File whose first line is the agent's MQTT password (username = agent id).")
    Path passwordFile;

    /** The security, or null when no flag is given; a partial set fails naming the missing flags. */
    MqttSecurity security() {
        if (trustStore == null && trustStorePasswordFile == null && keyStore == null && passwordFile == null) {
            return null;
        }
        if (trustStore == null || trustStorePasswordFile == null || passwordFile == null) {
            throw new IllegalArgumentException("--tls-truststore, --tls-truststore-password-file and --password-file"
                    + " go together");
        }
        return new MqttSecurity(trustStore, trustStorePasswordFile, keyStore, keyStorePasswordFile, passwordFile);
    }
}
