package dev.rapport.delivery.channels;

/** A send that cannot succeed by retrying (no contact point, refused by the provider). */
public class PermanentChannelFailure extends RuntimeException {

    public PermanentChannelFailure(String reason) {
        super(reason);
    }
}
