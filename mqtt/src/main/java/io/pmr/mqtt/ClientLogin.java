package io.pmr.mqtt;

import javax.net.ssl.SSLSocketFactory;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;

/**
 * What an MQTT client presents to a secured broker, resolved in memory: a TLS socket factory (trust and optional
 * client key), a username and its password. {@code toString()} never shows the password. Immutable.
 *
 * @param verifyHostname whether the broker's certificate must name the host of the URL (off only for the embedded
 *                       broker, whose own certificate the in-process ingest pins)
 */
public record ClientLogin(SSLSocketFactory socketFactory, String username, char[] password, boolean verifyHostname) {
    public ClientLogin {
        if (socketFactory == null) {
            throw new IllegalArgumentException("socketFactory must be set");
        }
        if (username == null || username.isEmpty()) {
            throw new IllegalArgumentException("username must be set");
        }
        if (password == null || password.length == 0) {
            throw new IllegalArgumentException("password must not be empty");
        }
        password = password.clone();
    }

    @Override
    public char[] password() {
        return password.clone();
    }

    /**
     * Sets hostname verification, username and password on Paho's options; the socket factory is the session's
     * (it wraps {@link #socketFactory()} in one whose sockets buffer their input).
     */
    void applyTo(MqttConnectOptions options) {
        options.setHttpsHostnameVerificationEnabled(verifyHostname);
        options.setUserName(username);
        options.setPassword(password.clone());
    }

    @Override
    public String toString() {
        return "ClientLogin[username=" + username + ", password=(redacted), verifyHostname=" + verifyHostname + "]";
    }

    @Override
    public boolean equals(Object other) {
        return this == other;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(this);
    }
}
