package io.pmr.mqtt;

import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;

/**
 * How an MQTT client logs in to a secured broker: TLS trusting {@code trustStore}'s CA, optionally a client
 * certificate, and a password read from {@code passwordFile} (the username is the caller's: an agent's id, the
 * collector's configured name). Paths only, validated when built (messages name the field); the secrets are read by
 * {@link #login}, {@link #socketFactory()} and {@link #readPassword()}, once per call, never logged. Immutable.
 *
 * @param trustStore             PKCS12 trust store holding the CA of the broker's certificate
 * @param trustStorePasswordFile file whose first line is the trust store's password
 * @param keyStore               PKCS12 key store with the client's certificate, or null
 * @param keyStorePasswordFile   its password file, or null without {@code keyStore}
 * @param passwordFile           file whose first line is the MQTT password
 */
public record MqttSecurity(Path trustStore, Path trustStorePasswordFile, Path keyStore, Path keyStorePasswordFile,
        Path passwordFile) {

    public MqttSecurity {
        SecretFile.requireReadable(trustStore, "trustStore");
        SecretFile.requireReadable(trustStorePasswordFile, "trustStorePasswordFile");
        if (keyStore != null) {
            SecretFile.requireReadable(keyStore, "keyStore");
            SecretFile.requireReadable(keyStorePasswordFile, "keyStorePasswordFile");
        } else if (keyStorePasswordFile != null) {
            throw new IllegalArgumentException("keyStorePasswordFile is set without keyStore");
        }
        SecretFile.requireReadable(passwordFile, "passwordFile");
    }

    /** TLS and password, no client certificate. */
    public static MqttSecurity of(Path trustStore, Path trustStorePasswordFile, Path passwordFile) {
        return new MqttSecurity(trustStore, trustStorePasswordFile, null, null, passwordFile);
    }

    /**
     * Reads every secret once and builds the login a {@link MqttSession} presents: the TLS socket factory, the
     * username and the password, with the broker's certificate required to name the host of the URL.
     */
    public ClientLogin login(String username) {
        char[] password = readPassword();
        try {
            return new ClientLogin(socketFactory(), username, password, true);
        } finally {
            java.util.Arrays.fill(password, '\0');
        }
    }

    /** Builds the TLS socket factory from the stores; errors name the field and the file, never a password. */
    public SSLSocketFactory socketFactory() {
        char[] trustPassword = SecretFile.read(trustStorePasswordFile, "trustStorePasswordFile");
        try {
            KeyManager[] keys = null;
            if (keyStore != null) {
                char[] keyPassword = SecretFile.read(keyStorePasswordFile, "keyStorePasswordFile");
                try {
                    keys = KeyStores.keyManagers(keyStore, keyPassword, "keyStore").getKeyManagers();
                } finally {
                    java.util.Arrays.fill(keyPassword, '\0');
                }
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys, KeyStores.trustManagers(trustStore, trustPassword, "trustStore").getTrustManagers(),
                    new SecureRandom());
            return context.getSocketFactory();
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot build the TLS context from " + trustStore
                    + (keyStore == null ? "" : " and " + keyStore) + ": " + e, e);
        } finally {
            java.util.Arrays.fill(trustPassword, '\0');
        }
    }

    /** The MQTT password (the caller clears it after use). */
    public char[] readPassword() {
        return SecretFile.read(passwordFile, "passwordFile");
    }
}
