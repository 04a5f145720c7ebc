package io.pmr.mqtt;

import io.pmr.testkit.TestPki;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** The session's contract against a real Mosquitto, the external broker of production. */
class MqttSessionMosquittoTest extends MqttSessionContract {
    @BeforeEach
    void mosquittoIsInstalled() {
        assertTrue(Mosquitto.installed(), "mosquitto is not installed: bash .ci/run installs it (apt-get install"
                + " mosquitto)");
    }

    @Override
    TestBroker plainBroker(Path dir) throws IOException {
        return Mosquitto.plain(dir);
    }

    @Override
    TestBroker securedBroker(Path dir, TestPki pki, String user, String password) throws IOException {
        return Mosquitto.secured(dir, pki, user, password);
    }

    @Override
    ConnectFailure wrongPasswordFailure() {
        return ConnectFailure.NOT_AUTHORISED;
    }
}
