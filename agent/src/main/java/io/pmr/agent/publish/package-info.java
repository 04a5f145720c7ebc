/**
 * Sending the outbox to the collector over MQTT ({@link io.pmr.agent.publish.Publisher}: QoS 1, clean session,
 * replay on every connect, an ack-clocked send window), through the shared {@link io.pmr.mqtt.MqttSession}
 * (connects, reconnects, refusals, TLS and credentials). The send state lives here, not in the outbox: what was
 * published when and how often ({@code SendState}), the window ({@code SendWindow}) and which Ack ranges to believe
 * ({@code AckTrust}).
 *
 * <p>Threading: connects, replays and sweeps run on the agent's scheduler and Paho's threads; the send state is
 * guarded by the publisher's sweep lock. Acks arriving on Paho's thread are handed off to the agent's thread of
 * control, which applies them ({@code Publisher.applyAck}). An outbox entry is deleted only when a trusted Ack lists
 * it; a broker's PUBACK is never taken as proof of delivery.
 */
package io.pmr.agent.publish;
