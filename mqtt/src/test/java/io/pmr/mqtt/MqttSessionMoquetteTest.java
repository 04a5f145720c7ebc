package io.pmr.mqtt;

import io.pmr.testkit.TestPki;
import java.io.IOException;
import java.nio.file.Path;

/** The session's contract against the embedded broker the collector ships. */
class MqttSessionMoquetteTest extends MqttSessionContract {
    @Override
    TestBroker plainBroker(Path dir) throws IOException {
        return EmbeddedMoquette.plain();
    }

    @Override
    TestBroker securedBroker(Path dir, TestPki pki, String user, String password) throws IOException {
        return EmbeddedMoquette.secured(pki, user, password);
    }

    @Override
    ConnectFailure wrongPasswordFailure() {
        return ConnectFailure.BAD_CREDENTIALS;
    }
}
