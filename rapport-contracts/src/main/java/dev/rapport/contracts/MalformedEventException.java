package dev.rapport.contracts;

/** A record that is not a valid Rapport CloudEvent; the message says what is wrong with it. */
public class MalformedEventException extends RuntimeException {

    public MalformedEventException(String reason) {
        super(reason);
    }

    public MalformedEventException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
