package io.pmr.launcher;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import io.pmr.model.Topics;
import io.pmr.proto.v1.Ack;
import io.pmr.proto.v1.AgentConfig;
import io.pmr.proto.v1.Envelope;
import io.pmr.proto.v1.RigFrame;
import picocli.CommandLine;

import java.util.Locale;

/**
 * The message types {@code pmr decode} reads (docs/architecture.md's topics; the rig's frames without their 4-byte
 * length prefix), and which one a topic carries.
 */
enum WireType {
    ENVELOPE("envelope", "Envelope") {
        @Override
        Message parse(byte[] payload) throws InvalidProtocolBufferException {
            return Envelope.parseFrom(payload);
        }
    },
    ACK("ack", "Ack") {
        @Override
        Message parse(byte[] payload) throws InvalidProtocolBufferException {
            return Ack.parseFrom(payload);
        }
    },
    CONFIG("config", "AgentConfig") {
        @Override
        Message parse(byte[] payload) throws InvalidProtocolBufferException {
            return AgentConfig.parseFrom(payload);
        }
    },
    RIG_FRAME("rig-frame", "RigFrame") {
        @Override
        Message parse(byte[] payload) throws InvalidProtocolBufferException {
            return RigFrame.parseFrom(payload);
        }
    };

    private final String optionName;
    private final String messageName;

    WireType(String optionName, String messageName) {
        this.optionName = optionName;
        this.messageName = messageName;
    }

    /** The protobuf message's name, e.g. {@code Envelope}. */
    String messageName() {
        return messageName;
    }

    abstract Message parse(byte[] payload) throws InvalidProtocolBufferException;

    /**
     * The type a topic carries: {@code pmr/v1/{agent}/status|intervals|events} an Envelope, {@code pmr/v1/{agent}/ack}
     * an Ack, {@code pmr/v1/{agent}/config} an AgentConfig (names: {@link Topics}; a {@code +} agent level too); any
     * other topic an Envelope (what agents publish).
     */
    static WireType forTopic(String topic) {
        Topics.Parsed parsed = Topics.parse(topic);
        if (parsed == null) {
            return ENVELOPE;
        }
        return switch (parsed.suffix()) {
            case CONFIG -> CONFIG;
            case ACK -> ACK;
            case STATUS, INTERVALS, EVENTS -> ENVELOPE;
        };
    }

    /** Picocli's converter for {@code --type}: envelope, ack, config or rig-frame. */
    static final class Converter implements CommandLine.ITypeConverter<WireType> {
        @Override
        public WireType convert(String value) {
            String wanted = value.trim().toLowerCase(Locale.ROOT);
            for (WireType type : values()) {
                if (type.optionName.equals(wanted)) {
                    return type;
                }
            }
            throw new CommandLine.TypeConversionException(
                    "'" + value + "' is not a message type: expected envelope, ack, config or rig-frame");
        }
    }
}
