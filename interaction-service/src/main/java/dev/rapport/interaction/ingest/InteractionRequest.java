package dev.rapport.interaction.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rapport.contracts.events.Channel;
import dev.rapport.contracts.events.Direction;
import dev.rapport.contracts.events.IdentityType;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/** An interaction as a channel app reports it; the customer is named by id or by any identity. */
@Schema(name = "InteractionRequest")
public record InteractionRequest(
        @Schema(description = "the sender's unique id of this event; resending it records nothing twice")
        @NotBlank @Size(max = 200) String clientEventId,
        UUID customerId,
        @Valid IdentityRef identity,
        @NotNull Channel channel,
        @Schema(description = "defaults to the type's direction")
        Direction direction,
        @Schema(description = "e.g. page-view, product-view, cart-add, cart-abandon, purchase, call, store-visit, mail-order, "
                + "survey-answer, reply, open, click, complaint, unsubscribe, feedback, visit, message-sent")
        @NotBlank @Size(max = 64) String type,
        @NotNull Instant occurredAt,
        UUID campaignId,
        UUID messageId,
        @Size(max = 64) String variant,
        @DecimalMin("0.00") @Digits(integer = 15, fraction = 4) BigDecimal amount,
        @Pattern(regexp = "[A-Z]{3}", message = "must be an ISO 4217 currency code, e.g. EUR") String currency,
        @Schema(description = "the typed payload of the interaction type") JsonNode details) {

    @Schema(name = "IdentityRef")
    public record IdentityRef(@NotNull IdentityType type, @NotBlank @Size(max = 320) String value) {
    }
}
