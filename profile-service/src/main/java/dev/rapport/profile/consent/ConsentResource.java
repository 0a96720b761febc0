package dev.rapport.profile.consent;

import dev.rapport.contracts.WireName;
import dev.rapport.contracts.events.Channel;
import dev.rapport.web.Problem;
import dev.rapport.web.ProblemException;
import dev.rapport.web.Roles;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.UUID;

@Path("/api/v1/profiles/{id}/consents")
@Tag(name = "Consent", description = "Consent per channel and purpose, with its audit trail")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.CHANNEL_APP, Roles.AGENT, Roles.ADMIN})
public class ConsentResource {

    private final ConsentService consents;

    public ConsentResource(ConsentService consents) {
        this.consents = consents;
    }

    @PUT
    @Path("/{channel}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Record consent for a channel and purpose", description = "Appends to the audit trail; nothing is overwritten.")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = ConsentsView.class)))
    @APIResponse(responseCode = "400", description = "Invalid input", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "No such profile", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<ConsentsView> record(@PathParam("id") UUID id,
                                    @Parameter(description = "email, sms, push, phone, mail, web, app, ...") @PathParam("channel") String channel,
                                    @NotNull @Valid ConsentChange change) {
        return consents.record(id, channel(channel), change);
    }

    @GET
    @Operation(summary = "Current consent and the full history")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = ConsentsView.class)))
    @APIResponse(responseCode = "404", description = "No such profile", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<ConsentsView> read(@PathParam("id") UUID id) {
        return consents.read(id);
    }

    private static Channel channel(String wire) {
        try {
            return WireName.parse(Channel.class, wire);
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalid("channel", e.getMessage());
        }
    }
}
