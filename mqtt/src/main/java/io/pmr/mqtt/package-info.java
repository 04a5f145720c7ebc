/**
 * The one MQTT session of agent and collector ({@link io.pmr.mqtt.MqttSession}): Paho v3 with bounded CONNACK and
 * SUBACK waits, one reconnect policy ({@link io.pmr.mqtt.Backoff}), refusals as values
 * ({@link io.pmr.mqtt.ConnectFailure}), TLS and credentials loaded once ({@link io.pmr.mqtt.MqttSecurity},
 * {@link io.pmr.mqtt.ClientLogin}), and sockets whose input is buffered. Knows no broker in particular and nothing
 * else of ours.
 *
 * <p>Threading: a session runs on the scheduler its owner gives it and on Paho's threads; see each class.
 */
package io.pmr.mqtt;
