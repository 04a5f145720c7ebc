package io.pmr.mqtt;

import java.net.ConnectException;
import java.security.cert.CertificateException;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLHandshakeException;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConnectFailureTest {

    @Test
    void connackRefusalsAreNamedAndPermanent() {
        assertEquals(ConnectFailure.BAD_CREDENTIALS,
                ConnectFailure.of(new MqttException(MqttException.REASON_CODE_FAILED_AUTHENTICATION)));
        assertEquals(ConnectFailure.NOT_AUTHORISED,
                ConnectFailure.of(new MqttException(MqttException.REASON_CODE_NOT_AUTHORIZED)));
        assertEquals(ConnectFailure.SUBSCRIPTION_REFUSED,
                ConnectFailure.of(new MqttException(MqttException.REASON_CODE_SUBSCRIBE_FAILED)));
        assertTrue(ConnectFailure.BAD_CREDENTIALS.permanent());
        assertTrue(ConnectFailure.NOT_AUTHORISED.permanent());
        assertTrue(ConnectFailure.SUBSCRIPTION_REFUSED.permanent());
    }

    @Test
    void certificateTroubleAnywhereInTheCausesIsATlsRefusal() {
        MqttException wrapped = new MqttException(MqttException.REASON_CODE_SERVER_CONNECT_ERROR,
                new SSLHandshakeException("PKIX path building failed: unable to find valid certification path"
                        + " to requested target; certificate unknown"));
        assertEquals(ConnectFailure.TLS_REFUSED, ConnectFailure.of(wrapped));
        assertEquals(ConnectFailure.TLS_REFUSED, ConnectFailure.of(new RuntimeException(
                new CertificateException("expired"))));
        assertTrue(ConnectFailure.TLS_REFUSED.permanent());
    }

    @Test
    void aHandshakeCutShortOrAnAbsentBrokerIsPassing() {
        ConnectFailure cut = ConnectFailure.of(new MqttException(MqttException.REASON_CODE_SERVER_CONNECT_ERROR,
                new SSLHandshakeException("Remote host terminated the handshake")));
        assertEquals(ConnectFailure.FAILED, cut);
        assertFalse(cut.permanent(), "a broker restarting mid-handshake is worth a quick retry");
        ConnectFailure absent = ConnectFailure.of(new MqttException(MqttException.REASON_CODE_SERVER_CONNECT_ERROR,
                new ConnectException("Connection refused")));
        assertEquals(ConnectFailure.UNREACHABLE, absent);
        assertFalse(absent.permanent());
        assertEquals(ConnectFailure.TIMED_OUT, ConnectFailure.of(new TimeoutException("no SUBACK")));
        assertEquals(ConnectFailure.TIMED_OUT,
                ConnectFailure.of(new MqttException(MqttException.REASON_CODE_CLIENT_TIMEOUT)));
        assertEquals(ConnectFailure.BROKER_UNAVAILABLE,
                ConnectFailure.of(new MqttException(MqttException.REASON_CODE_BROKER_UNAVAILABLE)));
        assertEquals(ConnectFailure.FAILED, ConnectFailure.of(null));
    }
}
