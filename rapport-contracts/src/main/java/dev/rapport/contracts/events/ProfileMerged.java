package dev.rapport.contracts.events;

import java.time.Instant;
import java.util.UUID;

/** {@code dev.rapport.profile.merged.v1}: everything held under {@code mergedId} now belongs to {@code survivorId}. */
public record ProfileMerged(UUID survivorId, UUID mergedId, Instant mergedAt) {
}
