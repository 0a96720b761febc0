package dev.rapport.contracts.events;

/** Where a channel reaches the customer (an e-mail address, a phone number, a push token); invalid after a bounce. */
public record ContactPoint(Channel channel, String address, boolean valid) {
}
