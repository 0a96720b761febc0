package dev.rapport.profile.preferences;

import dev.rapport.contracts.events.Channel;
import dev.rapport.profile.events.ProfileEvents;
import dev.rapport.profile.profiles.ProfileService;
import dev.rapport.web.FieldError;
import dev.rapport.web.Problem;
import dev.rapport.web.ProblemException;
import dev.rapport.web.ProblemType;
import dev.rapport.web.Roles;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
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
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

@Path("/api/v1/profiles/{id}/preferences")
@Tag(name = "Contact preferences", description = "How, how often and when the customer wants to be contacted")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.CHANNEL_APP, Roles.AGENT, Roles.ADMIN})
public class PreferencesResource {

    private final ProfileEvents events;

    public PreferencesResource(ProfileEvents events) {
        this.events = events;
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @WithTransaction
    @Operation(summary = "Replace the contact preferences")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = PreferencesBody.class)))
    @APIResponse(responseCode = "400", description = "Invalid input", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "No such profile", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<PreferencesBody> replace(@PathParam("id") UUID id, @NotNull @Valid PreferencesBody body) {
        checkNoDuplicates(body);
        return ProfileService.existing(id).flatMap(profile -> {
            profile.preferences = body.toPreferences();
            profile.touch(Instant.now().truncatedTo(ChronoUnit.MICROS));
            return events.changed(profile).replaceWith(PreferencesBody.of(profile.preferences));
        });
    }

    @GET
    @WithSession
    @Operation(summary = "Read the contact preferences", description = "Members are absent where the customer stated nothing.")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = PreferencesBody.class)))
    @APIResponse(responseCode = "404", description = "No such profile", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<PreferencesBody> read(@PathParam("id") UUID id) {
        return ProfileService.existing(id).map(profile -> PreferencesBody.of(profile.preferences));
    }

    private static void checkNoDuplicates(PreferencesBody body) {
        List<FieldError> errors = new ArrayList<>();
        if (body.channels() != null) {
            Set<Channel> seen = new HashSet<>();
            for (int i = 0; i < body.channels().size(); i++) {
                if (!seen.add(body.channels().get(i))) {
                    errors.add(new FieldError("channels[" + i + "]", "appears twice"));
                }
            }
        }
        if (body.channelCaps() != null) {
            Set<Channel> seen = new HashSet<>();
            for (int i = 0; i < body.channelCaps().size(); i++) {
                if (!seen.add(body.channelCaps().get(i).channel())) {
                    errors.add(new FieldError("channelCaps[" + i + "].channel", "appears twice"));
                }
            }
        }
        if (body.quietHours() != null && body.quietHours().start().equals(body.quietHours().end())) {
            errors.add(new FieldError("quietHours.end", "must differ from start"));
        }
        if (!errors.isEmpty()) {
            throw new ProblemException(ProblemType.VALIDATION_FAILED,
                    errors.size() == 1 ? errors.get(0).field() + ": " + errors.get(0).message() : errors.size() + " fields are not valid", errors);
        }
    }
}
