package dev.rapport.delivery.conversation;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rapport.contracts.events.CampaignCategory;
import dev.rapport.contracts.events.Channel;
import dev.rapport.contracts.events.ChannelContent;
import dev.rapport.contracts.events.DeliveryRequested;
import dev.rapport.delivery.requests.DeliveryService;
import dev.rapport.delivery.requests.DeliveryView;
import dev.rapport.web.Problem;
import dev.rapport.web.ProblemException;
import dev.rapport.web.Roles;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
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
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

@Path("/api/v1/conversations/{customerId}")
@Tag(name = "Conversation", description = "The single conversation history of a customer: the agent's view")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.AGENT, Roles.ADMIN})
public class ConversationResource {

    @Schema(name = "ConversationEntry")
    public record EntryView(long sequence, String kind, Instant at, UUID messageId, UUID requestId, String channel,
                            UUID campaignId, String offerId, String variant, String category, String decision,
                            String reason, Instant deferredUntil, JsonNode detail) {
        static EntryView of(ConversationEntry e) {
            return new EntryView(e.seq, e.kind, e.at, e.messageId, e.requestId, e.channel, e.campaignId, e.offerId, e.variant,
                    e.category, e.decision, e.reason, e.deferredUntil, e.detail);
        }
    }

    @Schema(name = "Conversation")
    public record ConversationView(UUID customerId, List<EntryView> entries) {
    }

    @Schema(name = "AgentMessage")
    public record AgentMessage(
            @Schema(description = "message (sent through the policy, the default) or call-log (records a call the agent had; sends nothing)",
                    enumeration = {"message", "call-log"})
            @jakarta.validation.constraints.Pattern(regexp = "message|call-log", message = "must be message or call-log") String kind,
            @Schema(description = "service (exempt from promotional caps) or informational, loyalty, promotional")
            @NotNull CampaignCategory category,
            @NotEmpty @Size(max = 10) List<@NotNull Channel> channels,
            @Size(max = 200) String subject,
            @NotBlank @Size(max = 10000) String text,
            @Schema(description = "the agent who sends it") @NotBlank @Size(max = 100) String agentId) {
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = dev.rapport.contracts.EventCodec.defaultMapper();

    private final DeliveryService deliveries;

    public ConversationResource(DeliveryService deliveries) {
        this.deliveries = deliveries;
    }

    @GET
    @WithSession
    @Operation(summary = "The whole conversation, oldest first", description = "Every request and its decision (sent, deferred until T, "
            + "suppressed with reason) on every channel with campaign, offer and variant, every status change and every response linked "
            + "to the message it answers.")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = ConversationView.class)))
    public Uni<ConversationView> conversation(@PathParam("customerId") UUID customerId) {
        return ConversationEntry.<ConversationEntry>list("customerId = ?1 order by seq", customerId)
                .map(entries -> new ConversationView(customerId, entries.stream().map(EntryView::of).toList()));
    }

    @POST
    @Path("/messages")
    @Consumes(MediaType.APPLICATION_JSON)
    @WithTransaction
    @Operation(summary = "Send an agent's or service message through the contact policy, or log a call",
            description = "A message is decided like any request (201 with the decision); a call-log is appended to the conversation as it is (201).")
    @APIResponse(responseCode = "201", description = "Decided or logged", content = @Content(schema = @Schema(implementation = DeliveryView.class)))
    @APIResponse(responseCode = "400", description = "Invalid", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<Response> send(@PathParam("customerId") UUID customerId, @NotNull @Valid AgentMessage message) {
        if ("call-log".equals(message.kind())) {
            ConversationEntry call = new ConversationEntry();
            call.customerId = customerId;
            call.kind = "call";
            call.channel = Channel.PHONE.wire();
            call.category = message.category().wire();
            call.reason = message.subject();
            call.detail = JSON.createObjectNode().put("agentId", message.agentId()).put("outcome", message.text());
            call.at = Instant.now().truncatedTo(ChronoUnit.MICROS);
            return call.persistAndFlush().map(ignored -> Response.status(201).entity(EntryView.of(call)).build());
        }
        List<ChannelContent> content = message.channels().stream()
                .map(channel -> new ChannelContent(channel, message.subject(), null, message.text())).toList();
        DeliveryRequested request = new DeliveryRequested(UUID.randomUUID(), customerId, null, 0, null, null, message.category(), 100,
                message.channels(), message.channels(), content, null, Instant.now().plus(7, ChronoUnit.DAYS));
        return deliveries.request(request).map(delivery -> Response.created(URI.create("/api/v1/deliveries/" + delivery.requestId))
                .entity(DeliveryView.of(delivery)).build());
    }
}
