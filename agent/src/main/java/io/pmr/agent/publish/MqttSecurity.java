package io.pmr.agent.publish;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * How an agent logs in to a secured broker: TLS trusting {@code trustStore}'s CA, optionally a client certificate,
 * and username = the agent id with the password read from {@code passwordFile}. Paths only, validated when built
 * (messages name the field); secrets are read by {@link #socketFactory()} and {@link #readPassword()}, never logged.
 *
 * @param trustStore             PKCS12 trust store holding the CA of the broker's certificate
 * @param trustStorePasswordFile file whose first line is the trust store's password
 * @param keyStore               PKCS12 key store with the agent's client certificate, or null
 * @param keyStorePasswordFile   its password file, or null without {@code keyStore}
 * @param passwordFile           file whose first line is the agent's MQTT password
 */
public record MqttSecurity(Path trustStore, Path trustStorePasswordFile, Path keyStore, Path keyStorePasswordFile,
        Path passwordFile) {

    public MqttSecurity {
        requireReadable(trustStore, "trustStore");
        requireReadable(trustStorePasswordFile, "trustStorePasswordFile");
        if (keyStore != null) {
            requireReadable(keyStore, "keyStore");
            requireReadable(keyStorePasswordFile, "keyStorePasswordFile");
        } else if (keyStorePasswordFile != null) {
            throw new IllegalArgumentException("keyStorePasswordFile is set without keyStore");
        }
        requireReadable(passwordFile, "passwordFile");
    }

    /** TLS and password, no client certificate. */
    public static MqttSecurity of(Path trustStore, Path trustStorePasswordFile, Path passwordFile) {
        return new MqttSecurity(trustStore, trustStorePasswordFile, null, null, passwordFile);
    }

    /** Builds the TLS socket factory from the stores; errors name the field and the file, never a password. */
    public SSLSocketFactory socketFactory() {
        char[] trustPassword = readSecret(trustStorePasswordFile, "trustStorePasswordFile");
        try {
            KeyManager[] keys = null;
            if (keyStore != null) {
                char[] keyPassword = readSecret(keyStorePasswordFile, "keyStorePasswordFile");
                try {
                    KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                    factory.init(load(keyStore, keyPassword, "keyStore"), keyPassword);
                    keys = factory.getKeyManagers();
                } finally {
                    java.util.Arrays.fill(keyPassword, '\0');
                }
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(load(trustStore, trustPassword, "trustStore"));
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys, trust.getTrustManagers(), new SecureRandom());
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
        return readSecret(passwordFile, "passwordFile");
    }

    private static KeyStore load(Path file, char[] password, String field) {
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, password);
            return store;
        } catch (IOException e) {
            if (e.getCause() instanceof java.security.UnrecoverableKeyException) {
                throw new IllegalArgumentException(field + ": wrong password for " + file);
            }
            throw new UncheckedIOException(field + ": cannot read the PKCS12 store " + file, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(field + ": cannot load the PKCS12 store " + file + ": " + e, e);
        }
    }

    private static char[] readSecret(Path file, String field) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(field + ": cannot read " + file, e);
        }
        String text = new String(bytes, StandardCharsets.UTF_8);
        java.util.Arrays.fill(bytes, (byte) 0);
        int end = 0;
        while (end < text.length() && text.charAt(end) != '\n' && text.charAt(end) != '\r') {
            end++;
        }
        if (end == 0) {
            throw new IllegalArgumentException(field + ": the first line of " + file + " is empty");
        }
        return text.substring(0, end).toCharArray();
    }

    private static void requireReadable(Path file, String field) {
        if (file == null) {
            throw new IllegalArgumentException(field + " must be set");
        }
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new IllegalArgumentException(field + " is not a readable file: " + file);
        }
    }
}
