package io.pmr.mqtt;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;

/** Loads PKCS12 key and trust stores; errors name the setting and the path, never the password. */
public final class KeyStores {
    private KeyStores() {
    }

    public static KeyStore load(Path file, char[] password, String field) {
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, password);
            return store;
        } catch (IOException e) {
            if (e.getCause() instanceof java.security.UnrecoverableKeyException) {
                throw new IllegalArgumentException(field + ": wrong password for " + file);
            }
            throw new UncheckedIOException(field + ": cannot read the PKCS12 store " + file + " (" + e.getMessage()
                    + ")", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(field + ": cannot load the PKCS12 store " + file + ": " + e, e);
        }
    }

    public static KeyManagerFactory keyManagers(Path file, char[] password, String field) {
        KeyStore store = load(file, password, field);
        try {
            KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            factory.init(store, password);
            return factory;
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(field + ": no usable key in " + file + ": " + e, e);
        }
    }

    public static TrustManagerFactory trustManagers(Path file, char[] password, String field) {
        KeyStore store = load(file, password, field);
        try {
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(store);
            return factory;
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(field + ": no usable certificate in " + file + ": " + e, e);
        }
    }
}
