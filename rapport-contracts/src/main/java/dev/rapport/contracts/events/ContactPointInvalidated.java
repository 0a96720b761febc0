package dev.rapport.contracts.events;

import java.time.Instant;
import java.util.UUID;

/** {@code dev.rapport.delivery.contact-point-invalidated.v1}: a bounce or complaint showed an address is not to be used. */
public record ContactPointInvalidated(UUID customerId, Channel channel, String address, String reason, UUID messageId, Instant at) {
}
