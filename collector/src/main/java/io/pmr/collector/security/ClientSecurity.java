package io.pmr.collector.security;

import io.pmr.mqtt.ClientLogin;
import io.pmr.mqtt.MqttSecurity;
import java.nio.file.Path;

/**
 * How the collector's ingest logs in to an external secured broker (Mosquitto): TLS trusting {@code trustStore},
 * optionally a client certificate, and a username with a password read from a file. Paths only: {@link #resolve()}
 * reads the secrets, through the MQTT session's {@link MqttSecurity} (one loader for agent and collector). Validated
 * when built; messages name the field.
 *
 * @param trustStore             PKCS12 trust store with the CA of the broker's certificate
 * @param trustStorePasswordFile its password file
 * @param keyStore               PKCS12 key store with a client certificate, or null
 * @param keyStorePasswordFile   its password file, or null without {@code keyStore}
 * @param username               the collector's MQTT username (the broker's ACL grants it the collector's rights)
 * @param passwordFile           file whose first line is the password
 */
public record ClientSecurity(Path trustStore, Path trustStorePasswordFile, Path keyStore, Path keyStorePasswordFile,
        String username, Path passwordFile) {

    public ClientSecurity {
        security(trustStore, trustStorePasswordFile, keyStore, keyStorePasswordFile, passwordFile);
        if (username == null || username.isBlank()) {
            throw new IllegalArgumentException("username must be set");
        }
    }

    /** Reads the files and builds the login. */
    public ClientLogin resolve() {
        return security(trustStore, trustStorePasswordFile, keyStore, keyStorePasswordFile, passwordFile)
                .login(username);
    }

    private static MqttSecurity security(Path trustStore, Path trustStorePasswordFile, Path keyStore,
            Path keyStorePasswordFile, Path passwordFile) {
        return new MqttSecurity(trustStore, trustStorePasswordFile, keyStore, keyStorePasswordFile, passwordFile);
    }
}
