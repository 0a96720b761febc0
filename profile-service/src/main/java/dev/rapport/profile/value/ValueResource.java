package dev.rapport.profile.value;

import dev.rapport.contracts.events.CustomerValue;
import dev.rapport.profile.profiles.ProfileService;
import dev.rapport.web.Problem;
import dev.rapport.web.Roles;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.UUID;

@Path("/api/v1/profiles/{id}/value")
@Tag(name = "Customer value", description = "Purchase-based value, RFM scores, tier and lifecycle")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.CHANNEL_APP, Roles.MARKETER, Roles.AGENT, Roles.ADMIN})
public class ValueResource {

    @GET
    @WithSession
    @Operation(summary = "Value metrics, tier and lifecycle stage", description = "Updated from purchase interactions as they arrive; "
            + "tiers are re-ranked among all customers within seconds.")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = CustomerValue.class)))
    @APIResponse(responseCode = "404", description = "No such profile", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<CustomerValue> read(@PathParam("id") UUID id) {
        return ProfileService.existing(id).flatMap(profile -> CustomerValueRow.<CustomerValueRow>findById(profile.id)
                .map(row -> row == null ? CustomerValueRow.none() : row.asValue()));
    }
}
