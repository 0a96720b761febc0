package dev.rapport.delivery.requests;

import dev.rapport.contracts.events.CampaignCategory;
import dev.rapport.contracts.events.Channel;
import dev.rapport.contracts.events.ChannelContent;
import dev.rapport.contracts.events.DeliveryRequested;
import dev.rapport.web.Problem;
import dev.rapport.web.ProblemException;
import dev.rapport.web.Roles;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

@Path("/api/v1/deliveries")
@Tag(name = "Deliveries", description = "Direct delivery requests (e.g. transactional) and their decisions")
@Produces(MediaType.APPLICATION_JSON)
public class DeliveryResource {

    @Schema(name = "DeliveryRequest")
    public record DirectRequest(
            @Schema(description = "the caller's id of this request; resending it decides nothing twice") @NotNull UUID requestId,
            @NotNull UUID customerId,
            UUID campaignId,
            @Size(max = 64) String variant,
            @Size(max = 100) String offerId,
            @NotNull CampaignCategory category,
            @Min(0) @Max(1000) Integer priority,
            @NotEmpty @Size(max = 10) List<@NotNull Channel> allowedChannels,
            @Size(max = 10) List<@NotNull Channel> preferredChannels,
            @NotEmpty @Size(max = 10) List<@NotNull @Valid ContentBody> content,
            Instant notBefore,
            Instant expiresAt) {
    }

    @Schema(name = "ChannelContent")
    public record ContentBody(@NotNull Channel channel, @Size(max = 500) String subject, @Size(max = 200_000) String html,
                              @NotNull @Size(max = 100_000) String text) {
    }

    private final DeliveryService deliveries;

    public DeliveryResource(DeliveryService deliveries) {
        this.deliveries = deliveries;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @WithTransaction
    @Operation(summary = "Request a delivery through the contact policy")
    @APIResponse(responseCode = "201", description = "Decided", content = @Content(schema = @Schema(implementation = DeliveryView.class)))
    @APIResponse(responseCode = "400", description = "Invalid", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @RolesAllowed({Roles.CHANNEL_APP, Roles.ADMIN})
    public Uni<Response> request(@NotNull @Valid DirectRequest body) {
        if (body.expiresAt() != null && body.notBefore() != null && !body.notBefore().isBefore(body.expiresAt())) {
            throw ProblemException.invalid("expiresAt", "must be after notBefore");
        }
        DeliveryRequested request = new DeliveryRequested(body.requestId(), body.customerId(), body.campaignId(), 0, body.variant(),
                body.offerId(), body.category(), body.priority() == null ? 0 : body.priority(), body.allowedChannels(),
                body.preferredChannels(), body.content().stream().map(c -> new ChannelContent(c.channel(), c.subject(), c.html(), c.text())).toList(),
                body.notBefore(), body.expiresAt());
        return deliveries.request(request).map(delivery -> Response.created(URI.create("/api/v1/deliveries/" + delivery.requestId))
                .entity(DeliveryView.of(delivery)).build());
    }

    @GET
    @Path("/{requestId}")
    @WithSession
    @Operation(summary = "A request's decision and status")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = DeliveryView.class)))
    @APIResponse(responseCode = "404", description = "No such request", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @RolesAllowed({Roles.CHANNEL_APP, Roles.AGENT, Roles.OPERATOR, Roles.ADMIN})
    public Uni<DeliveryView> read(@PathParam("requestId") UUID requestId) {
        return Delivery.<Delivery>find("requestId", requestId).firstResult().map(delivery -> {
            if (delivery == null) {
                throw ProblemException.notFound("delivery request", requestId);
            }
            return DeliveryView.of(delivery);
        });
    }
}
