package io.pmr.collector.security;

import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;

/**
 * How the collector's ingest logs in to an external secured broker (Mosquitto): TLS trusting {@code trustStore},
 * optionally a client certificate, and a username with a password read from a file. Paths only: {@link #resolve()}
 * reads the secrets. Validated when built; messages name the field.
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
        SecretFile.requireReadable(trustStore, "trustStore");
        SecretFile.requireReadable(trustStorePasswordFile, "trustStorePasswordFile");
        if (keyStore != null) {
            SecretFile.requireReadable(keyStore, "keyStore");
            SecretFile.requireReadable(keyStorePasswordFile, "keyStorePasswordFile");
        }
        if (username == null || username.isBlank()) {
            throw new IllegalArgumentException("username must be set");
        }
        SecretFile.requireReadable(passwordFile, "passwordFile");
    }

    /** Reads the files and builds the login. */
    public ClientLogin resolve() {
        char[] trustPassword = SecretFile.read(trustStorePasswordFile, "trustStorePasswordFile");
        KeyManager[] keys = null;
        if (keyStore != null) {
            char[] keyPassword = SecretFile.read(keyStorePasswordFile, "keyStorePasswordFile");
            keys = KeyStores.keyManagers(keyStore, keyPassword, "keyStore").getKeyManagers();
            java.util.Arrays.fill(keyPassword, '\0');
        }
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys, KeyStores.trustManagers(trustStore, trustPassword, "trustStore").getTrustManagers(),
                    new SecureRandom());
            return new ClientLogin(context.getSocketFactory(), username,
                    SecretFile.read(passwordFile, "passwordFile"), true);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot build a TLS context: " + e, e);
        } finally {
            java.util.Arrays.fill(trustPassword, '\0');
        }
    }
}
