package dev.rapport.messaging.inbox;

/**
 * Thrown by an event handler for an event that can never be applied (e.g. its data violates the
 * contract). The event goes to the dead-letter topic with this message as the reason, instead of
 * being retried.
 */
public class RejectedEventException extends RuntimeException {

    public RejectedEventException(String reason) {
        super(reason);
    }

    public RejectedEventException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
