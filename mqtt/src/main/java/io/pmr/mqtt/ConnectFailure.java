package io.pmr.mqtt;

import java.security.cert.CertificateException;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLHandshakeException;
import org.eclipse.paho.client.mqttv3.MqttException;

/**
 * Why a connection attempt of a {@link MqttSession} failed, as a value. The {@linkplain #permanent() permanent} ones
 * are refusals no quick retry can fix before an operator acts (credentials, rights, certificates): the session
 * reports them once and retries slowly. The others are passing and retried with the backoff.
 */
public enum ConnectFailure {
    /** CONNACK return code 4: the broker refused the username or password. */
    BAD_CREDENTIALS(true, "bad username or password (MQTT reason code 4)"),
    /** CONNACK return code 5: the login is valid but not allowed to connect. */
    NOT_AUTHORISED(true, "not authorized (MQTT reason code 5)"),
    /** The TLS handshake failed over a certificate (untrusted, expired, wrong host, client certificate refused). */
    TLS_REFUSED(true, "TLS certificate refused"),
    /** The SUBACK refused a subscription (return code 0x80): the login lacks the right to read a topic. */
    SUBSCRIPTION_REFUSED(true, "subscription refused (SUBACK 0x80)"),
    /** No TCP connection: nothing listens, the host is unknown or unreachable. */
    UNREACHABLE(false, "broker unreachable"),
    /** CONNACK return code 3: the broker is up but not serving. */
    BROKER_UNAVAILABLE(false, "broker unavailable (MQTT reason code 3)"),
    /** No CONNACK or no SUBACK within the session's handshake timeout. */
    TIMED_OUT(false, "no CONNACK or SUBACK in time"),
    /** Anything else: the connection dropped during the handshake, a protocol error. */
    FAILED(false, "connection failed");

    private final boolean permanent;
    private final String description;

    ConnectFailure(boolean permanent, String description) {
        this.permanent = permanent;
        this.description = description;
    }

    /** Whether only an operator can fix it: retried slowly, reported once. */
    public boolean permanent() {
        return permanent;
    }

    /** A short phrase for logs and error messages. */
    public String description() {
        return description;
    }

    /** Classifies what a connect or subscribe reported; never null. */
    public static ConnectFailure of(Throwable cause) {
        if (cause instanceof MqttException e) {
            switch (e.getReasonCode()) {
                case MqttException.REASON_CODE_FAILED_AUTHENTICATION:
                    return BAD_CREDENTIALS;
                case MqttException.REASON_CODE_NOT_AUTHORIZED:
                    return NOT_AUTHORISED;
                case MqttException.REASON_CODE_BROKER_UNAVAILABLE:
                    return BROKER_UNAVAILABLE;
                case MqttException.REASON_CODE_CLIENT_TIMEOUT:
                    return TIMED_OUT;
                case MqttException.REASON_CODE_SUBSCRIBE_FAILED:
                    return SUBSCRIPTION_REFUSED;
                default:
                    break;
            }
        }
        // Only certificate trouble is permanent: a handshake cut short by a restarting broker is worth a quick retry.
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof CertificateException
                    || t instanceof SSLHandshakeException && t.getMessage() != null
                    && t.getMessage().contains("certificate")) {
                return TLS_REFUSED;
            }
            if (t instanceof java.net.ConnectException || t instanceof java.net.UnknownHostException
                    || t instanceof java.net.NoRouteToHostException) {
                return UNREACHABLE;
            }
            if (t instanceof TimeoutException || t instanceof java.net.SocketTimeoutException) {
                return TIMED_OUT;
            }
        }
        return FAILED;
    }
}
