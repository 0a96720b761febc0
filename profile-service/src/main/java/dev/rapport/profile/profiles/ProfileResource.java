package dev.rapport.profile.profiles;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rapport.contracts.events.Identity;
import dev.rapport.profile.privacy.ErasureService;
import dev.rapport.profile.profiles.ProfileRequests.IdentityBody;
import dev.rapport.profile.profiles.ProfileRequests.MergeRequest;
import dev.rapport.profile.profiles.ProfileRequests.NewProfile;
import dev.rapport.web.Problem;
import dev.rapport.web.ProblemException;
import dev.rapport.web.Roles;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.net.URI;
import java.util.UUID;

@Path("/api/v1/profiles")
@Tag(name = "Profiles", description = "Customer profiles and their identities")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.CHANNEL_APP, Roles.AGENT, Roles.ADMIN})
public class ProfileResource {

    public static final String MERGE_PATCH = "application/merge-patch+json";

    private final ProfileService profiles;
    private final ProfileMerger merger;
    private final ErasureService erasure;

    public ProfileResource(ProfileService profiles, ProfileMerger merger, ErasureService erasure) {
        this.profiles = profiles;
        this.merger = merger;
        this.erasure = erasure;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create a profile", description = "Identities given here must not belong to another profile.")
    @APIResponse(responseCode = "201", description = "Created; Location names the profile",
            content = @Content(schema = @Schema(implementation = ProfileView.class)))
    @APIResponse(responseCode = "400", description = "Invalid input", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "An identity belongs to another profile", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<Response> create(@NotNull @Valid NewProfile request) {
        return profiles.create(request)
                .map(view -> Response.created(URI.create("/api/v1/profiles/" + view.id())).entity(view).build());
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "Read a profile", description = "The id of a merged profile answers with its survivor.")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = ProfileView.class)))
    @APIResponse(responseCode = "404", description = "No such profile", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<ProfileView> get(@PathParam("id") UUID id) {
        return profiles.get(id).map(view -> {
            if (view == null) {
                throw ProblemException.notFound("profile", id);
            }
            return view;
        });
    }

    @GET
    @Operation(summary = "Find a profile by any identity")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = ProfileView.class)))
    @APIResponse(responseCode = "404", description = "No profile has this identity", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<ProfileView> lookup(@Parameter(description = "type:value, e.g. email:joe@example.com", required = true)
                                   @QueryParam("identity") @NotNull String identity) {
        Identity parsed;
        try {
            parsed = Identity.parse(identity);
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalid("identity", e.getMessage());
        }
        return profiles.lookup(parsed).map(view -> {
            if (view == null) {
                throw new ProblemException(dev.rapport.web.ProblemType.NOT_FOUND, "no profile has the identity " + parsed.type().wire());
            }
            return view;
        });
    }

    @PATCH
    @Path("/{id}")
    @Consumes({MERGE_PATCH, MediaType.APPLICATION_JSON})
    @Operation(summary = "Change a profile with a JSON merge patch (RFC 7396)",
            description = "Members set to null are removed. Identities are changed through their own endpoint.")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = ProfileView.class)))
    @APIResponse(responseCode = "400", description = "Invalid patch", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "No such profile", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<ProfileView> patch(@PathParam("id") UUID id, @NotNull JsonNode patch) {
        return profiles.patch(id, patch);
    }

    @DELETE
    @Path("/{id}")
    @Tag(name = "Privacy")
    @Operation(summary = "Erase a profile", description = "Deletes the profile, its identities, consents, preferences and value, "
            + "and publishes an erased event on which every service purges the customer.")
    @APIResponse(responseCode = "204", description = "Erased")
    @APIResponse(responseCode = "404", description = "No such profile", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @RolesAllowed(Roles.ADMIN)
    public Uni<Response> erase(@PathParam("id") UUID id) {
        return erasure.erase(id).replaceWith(Response.noContent().build());
    }

    @POST
    @Path("/{id}/identities")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Attach an identity", description = "Attaching an identity the profile already has changes nothing (200).")
    @APIResponse(responseCode = "201", description = "Attached", content = @Content(schema = @Schema(implementation = ProfileView.class)))
    @APIResponse(responseCode = "200", description = "Already attached", content = @Content(schema = @Schema(implementation = ProfileView.class)))
    @APIResponse(responseCode = "409", description = "The identity belongs to another profile", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<Response> attach(@PathParam("id") UUID id, @NotNull @Valid IdentityBody identity) {
        return profiles.attach(id, identity).map(result -> Response.status(result.added() ? 201 : 200)
                .location(URI.create("/api/v1/profiles/" + result.profile().id()))
                .entity(result.profile()).build());
    }

    @POST
    @Path("/{id}/merge")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Merge another profile into this one",
            description = "This profile survives and keeps all identities, consents (the stricter wins), preferences and value; "
                    + "the other id resolves to it from now on.")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = ProfileView.class)))
    @APIResponse(responseCode = "404", description = "No such profile", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "Merging a profile into itself", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @RolesAllowed(Roles.ADMIN)
    public Uni<ProfileView> merge(@PathParam("id") UUID id, @NotNull @Valid MergeRequest request) {
        return merger.merge(id, request.profileId());
    }
}
