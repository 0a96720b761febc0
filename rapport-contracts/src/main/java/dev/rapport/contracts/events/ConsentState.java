package dev.rapport.contracts.events;

import java.time.Instant;

/** The current consent for one channel and purpose. */
public record ConsentState(Channel channel, ConsentPurpose purpose, ConsentStatus status, String source, Instant recordedAt) {
}
