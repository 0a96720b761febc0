package dev.rapport.delivery.tracking;

import dev.rapport.contracts.events.DeliveryStatus;
import dev.rapport.web.Problem;
import dev.rapport.web.ProblemException;
import dev.rapport.web.Roles;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.UUID;

@Path("/api/v1/messages/{messageId}/feedback")
@Tag(name = "Channel feedback", description = "Delivery reports of channel providers: delivered, bounced, complained")
@RolesAllowed({Roles.CHANNEL_APP, Roles.OPERATOR, Roles.ADMIN})
public class FeedbackResource {

    @Schema(name = "ChannelFeedback")
    public record Feedback(@Schema(description = "delivered, bounced or complained") @NotNull DeliveryStatus status,
                           @Size(max = 500) String reason) {
    }

    private final FeedbackService feedback;

    public FeedbackResource(FeedbackService feedback) {
        this.feedback = feedback;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Report what happened to a sent message", description = "A bounce or complaint invalidates the contact point used.")
    @APIResponse(responseCode = "204", description = "Recorded")
    @APIResponse(responseCode = "400", description = "Invalid", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "No such sent message", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<Response> report(@PathParam("messageId") UUID messageId, @NotNull @Valid Feedback body) {
        if (body.status() != DeliveryStatus.DELIVERED && body.status() != DeliveryStatus.BOUNCED && body.status() != DeliveryStatus.COMPLAINED) {
            throw ProblemException.invalid("status", "must be delivered, bounced or complained");
        }
        return feedback.report(messageId, body.status(), body.reason()).map(found -> {
            if (!found) {
                throw ProblemException.notFound("sent message", messageId);
            }
            return Response.noContent().build();
        });
    }
}
