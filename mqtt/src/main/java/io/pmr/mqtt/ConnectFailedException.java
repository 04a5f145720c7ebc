package io.pmr.mqtt;

/** Why a {@link MqttSession}'s first connection could not be made: the {@link ConnectFailure} and its cause. */
public final class ConnectFailedException extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient ConnectFailure failure;

    ConnectFailedException(ConnectFailure failure, String message, Throwable cause) {
        super(message, cause);
        this.failure = failure;
    }

    /** The reason, as a value. */
    public ConnectFailure failure() {
        return failure;
    }
}
