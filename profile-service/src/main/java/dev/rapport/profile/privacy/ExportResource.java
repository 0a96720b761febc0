package dev.rapport.profile.privacy;

import dev.rapport.contracts.events.CustomerValue;
import dev.rapport.profile.consent.ConsentRecord;
import dev.rapport.profile.consent.ConsentsView;
import dev.rapport.profile.identity.ProfileIdentity;
import dev.rapport.profile.preferences.PreferencesBody;
import dev.rapport.profile.profiles.MergedProfile;
import dev.rapport.profile.profiles.ProfileService;
import dev.rapport.profile.profiles.ProfileView;
import dev.rapport.profile.value.CustomerValueRow;
import dev.rapport.profile.value.Purchase;
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

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

@Path("/api/v1/profiles/{id}/export")
@Tag(name = "Privacy", description = "Erasure and export of everything held about a customer")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ADMIN)
public class ExportResource {

    /** Everything profile-service holds about one customer. */
    @Schema(name = "ProfileExport")
    public record ProfileExport(ProfileView profile, ConsentsView consents, PreferencesBody preferences, CustomerValue value,
                                List<PurchaseView> purchases, List<UUID> mergedProfileIds, Instant exportedAt) {
    }

    @Schema(name = "Purchase")
    public record PurchaseView(UUID interactionId, BigDecimal amount, String currency, Instant occurredAt) {
    }

    private final ProfileService profiles;

    public ExportResource(ProfileService profiles) {
        this.profiles = profiles;
    }

    @GET
    @WithSession
    @Operation(summary = "Export everything held about the customer", description = "One JSON document: profile, identities, "
            + "consent trail, preferences, value and purchases, and the ids of profiles merged into it.")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = ProfileExport.class)))
    @APIResponse(responseCode = "404", description = "No such profile", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<ProfileExport> export(@PathParam("id") UUID id) {
        return ProfileService.existing(id).flatMap(profile -> ProfileIdentity.listOf(profile.id)
                .flatMap(identities -> ConsentRecord.trailOf(profile.id)
                        .flatMap(trail -> CustomerValueRow.<CustomerValueRow>findById(profile.id)
                                .flatMap(value -> Purchase.<Purchase>list("customerId = ?1 order by occurredAt", profile.id)
                                        .flatMap(purchases -> MergedProfile.<MergedProfile>list("survivorId", profile.id)
                                                .map(merged -> new ProfileExport(
                                                        ProfileView.of(profile, identities),
                                                        ConsentsView.of(profile.id, trail),
                                                        PreferencesBody.of(profile.preferences),
                                                        value == null ? CustomerValueRow.none() : value.asValue(),
                                                        purchases.stream().map(p -> new PurchaseView(p.interactionId, p.amount,
                                                                p.currency, p.occurredAt)).toList(),
                                                        merged.stream().map(m -> m.mergedId).toList(),
                                                        Instant.now())))))));
    }
}
