package dev.rapport.profile.consent;

import dev.rapport.contracts.events.ConsentPurpose;
import dev.rapport.contracts.events.ConsentStatus;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PastOrPresent;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;

/** A consent statement for one channel, as a channel app records it. */
@Schema(name = "ConsentChange")
public record ConsentChange(
        @NotNull ConsentPurpose purpose,
        @NotNull ConsentStatus status,
        @Schema(description = "where the customer said it, e.g. web-signup-form, call-center, one-click-unsubscribe")
        @NotBlank @Size(max = 100) String source,
        @Schema(description = "evidence, e.g. the wording shown to the customer")
        @Size(max = 4000) String proof,
        @Schema(description = "when the customer said it; defaults to now")
        @PastOrPresent Instant recordedAt) {
}
