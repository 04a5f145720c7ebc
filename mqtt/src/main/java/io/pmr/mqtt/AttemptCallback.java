package io.pmr.mqtt;

import java.util.function.Consumer;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttMessage;

/** Paho's news of one attempt's client, passed to its session (which ignores that of an abandoned attempt). */
final class AttemptCallback implements MqttCallback {
    private final MqttSession session;
    private final Attempt attempt;

    AttemptCallback(MqttSession session, Attempt attempt) {
        this.session = session;
        this.attempt = attempt;
    }

    /** A connect's or subscribe's outcome: {@code onSuccess} with its token, or the attempt failed. */
    static IMqttActionListener action(MqttSession session, Attempt attempt, Consumer<IMqttToken> onSuccess) {
        return new IMqttActionListener() {
            @Override
            public void onSuccess(IMqttToken token) {
                onSuccess.accept(token);
            }

            @Override
            public void onFailure(IMqttToken token, Throwable cause) {
                session.failed(attempt, cause);
            }
        };
    }

    @Override
    public void connectionLost(Throwable cause) {
        if (!attempt.established) {
            session.failed(attempt, cause); // during the handshake: a failed attempt, counted as one
            return;
        }
        session.lost(attempt, cause == null ? "no cause" : cause.toString());
    }

    @Override
    public void messageArrived(String topic, MqttMessage message) throws Exception {
        session.messageArrived(topic, message, attempt.id);
    }

    @Override
    public void deliveryComplete(IMqttDeliveryToken token) {
        session.pubackArrived();
    }
}
