package dev.rapport.campaign.campaigns;

import dev.rapport.campaign.segments.Segment;
import dev.rapport.web.FieldError;
import dev.rapport.web.FieldErrors;
import dev.rapport.web.Problem;
import dev.rapport.web.ProblemException;
import dev.rapport.web.ProblemType;
import dev.rapport.web.Roles;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

@Path("/api/v1/campaigns")
@Tag(name = "Campaigns", description = "Campaigns, their content, offers and variants, and their lifecycle")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.MARKETER, Roles.ADMIN})
public class CampaignResource {

    @Schema(name = "Campaign")
    public record CampaignView(UUID id, String status, int version, CampaignSpec spec, Instant createdAt, Instant updatedAt) {
        static CampaignView of(Campaign c) {
            return new CampaignView(c.id, c.status, c.version, c.spec, c.createdAt, c.updatedAt);
        }
    }

    private final TemplateCheck templates;
    private final CampaignCatalog catalog;

    public CampaignResource(TemplateCheck templates, CampaignCatalog catalog) {
        this.templates = templates;
        this.catalog = catalog;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @WithTransaction
    @Operation(summary = "Create a campaign (draft)", description = "Templates referring to data campaigns do not have are rejected.")
    @APIResponse(responseCode = "201", content = @Content(schema = @Schema(implementation = CampaignView.class)))
    @APIResponse(responseCode = "400", description = "Invalid", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<Response> create(@NotNull @Valid CampaignSpec spec) {
        check(spec);
        return segmentExists(spec.segmentId()).flatMap(ignored -> {
            Campaign campaign = new Campaign();
            campaign.id = UUID.randomUUID();
            campaign.name = spec.name();
            campaign.status = Campaign.DRAFT;
            campaign.version = 1;
            campaign.spec = spec;
            campaign.createdAt = now();
            campaign.updatedAt = campaign.createdAt;
            return campaign.persist().map(saved -> Response.created(URI.create("/api/v1/campaigns/" + campaign.id))
                    .entity(CampaignView.of(campaign)).build());
        });
    }

    @GET
    @WithSession
    @Operation(summary = "All campaigns, newest first")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = CampaignView.class)))
    public Uni<List<CampaignView>> list() {
        return Campaign.<Campaign>list("order by createdAt desc").map(all -> all.stream().map(CampaignView::of).toList());
    }

    @GET
    @Path("/{id}")
    @WithSession
    @Operation(summary = "One campaign")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = CampaignView.class)))
    @APIResponse(responseCode = "404", description = "No such campaign", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<CampaignView> read(@PathParam("id") UUID id) {
        return existing(id).map(CampaignView::of);
    }

    @PUT
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Change a campaign", description = "Changing an active or paused campaign's audience or content starts a new version; "
            + "a completed campaign cannot change.")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = CampaignView.class)))
    @APIResponse(responseCode = "400", description = "Invalid", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "Completed", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<CampaignView> replace(@PathParam("id") UUID id, @NotNull @Valid CampaignSpec spec) {
        check(spec);
        return committed(() -> segmentExists(spec.segmentId()).flatMap(ignored -> existing(id)).map(campaign -> {
            if (Campaign.COMPLETED.equals(campaign.status)) {
                throw new ProblemException(ProblemType.CONFLICT, "campaign " + id + " is completed");
            }
            boolean live = !Campaign.DRAFT.equals(campaign.status);
            if (live && (!Objects.equals(campaign.spec.segmentId(), spec.segmentId()) || !Objects.equals(campaign.spec.content(), spec.content())
                    || !Objects.equals(campaign.spec.variants(), spec.variants()))) {
                campaign.version++;
            }
            campaign.spec = spec;
            campaign.name = spec.name();
            campaign.updatedAt = now();
            return CampaignView.of(campaign);
        }));
    }

    @DELETE
    @Path("/{id}")
    @WithTransaction
    @Operation(summary = "Delete a draft campaign")
    @APIResponse(responseCode = "204", description = "Deleted")
    @APIResponse(responseCode = "409", description = "Not a draft", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<Response> delete(@PathParam("id") UUID id) {
        return existing(id).flatMap(campaign -> {
            if (!Campaign.DRAFT.equals(campaign.status)) {
                throw new ProblemException(ProblemType.CONFLICT, "only a draft can be deleted; pause or complete campaign " + id);
            }
            return campaign.delete();
        }).replaceWith(Response.noContent().build());
    }

    @POST
    @Path("/{id}/activate")
    @Operation(summary = "Activate a draft or paused campaign")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = CampaignView.class)))
    @APIResponse(responseCode = "409", description = "Not draft or paused", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<CampaignView> activate(@PathParam("id") UUID id) {
        return transition(id, List.of(Campaign.DRAFT, Campaign.PAUSED), Campaign.ACTIVE);
    }

    @POST
    @Path("/{id}/pause")
    @Operation(summary = "Pause an active campaign")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = CampaignView.class)))
    @APIResponse(responseCode = "409", description = "Not active", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<CampaignView> pause(@PathParam("id") UUID id) {
        return transition(id, List.of(Campaign.ACTIVE), Campaign.PAUSED);
    }

    @POST
    @Path("/{id}/complete")
    @Operation(summary = "Complete an active or paused campaign", description = "It triggers nothing more and cannot change; its results "
            + "keep counting conversions within the goal window. Campaigns also complete by themselves at the end of their validity, "
            + "and one-time schedules once they have run.")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = CampaignView.class)))
    @APIResponse(responseCode = "409", description = "Not active or paused", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<CampaignView> complete(@PathParam("id") UUID id) {
        return transition(id, List.of(Campaign.ACTIVE, Campaign.PAUSED), Campaign.COMPLETED);
    }

    private Uni<CampaignView> transition(UUID id, List<String> from, String to) {
        return committed(() -> existing(id).map(campaign -> {
            if (!from.contains(campaign.status)) {
                throw new ProblemException(ProblemType.CONFLICT, "campaign " + id + " is " + campaign.status + "; only "
                        + String.join(" or ", from) + " can become " + to);
            }
            campaign.status = to;
            campaign.updatedAt = now();
            return CampaignView.of(campaign);
        }));
    }

    /** Runs the change in a transaction, and once it has committed makes triggers see it. */
    private Uni<CampaignView> committed(java.util.function.Supplier<Uni<CampaignView>> change) {
        return Panache.withTransaction(change).invoke(catalog::invalidate);
    }

    /** The longest delay or goal window: ten years, like the other day counts of a campaign; beyond, times overflow. */
    private static final java.time.Duration LONGEST = java.time.Duration.ofDays(3650);

    private void check(CampaignSpec spec) {
        List<FieldError> errors = new ArrayList<>(templates.check(spec.content()));
        for (int i = 0; i < spec.content().size(); i++) {
            if (!spec.channels().contains(spec.content().get(i).channel())) {
                errors.add(new FieldError("content[" + i + "].channel", "is not one of the campaign's channels"));
            }
        }
        List<CampaignSpec.Variant> variants = spec.variants() == null ? List.of() : spec.variants();
        List<String> offerIds = spec.offers() == null ? List.of() : spec.offers().stream().map(CampaignSpec.Offer::id).toList();
        for (int i = 0; i < offerIds.size(); i++) {
            if (offerIds.indexOf(offerIds.get(i)) != i) {
                errors.add(new FieldError("offers[" + i + "].id", "is used by another offer of the campaign"));
            }
        }
        for (int v = 0; v < variants.size(); v++) {
            CampaignSpec.Variant variant = variants.get(v);
            String at = "variants[" + v + "]";
            if (variants.stream().map(CampaignSpec.Variant::name).filter(variant.name()::equals).count() > 1) {
                errors.add(new FieldError(at + ".name", "is used by another variant"));
            }
            if (variant.offerId() != null && !offerIds.contains(variant.offerId())) {
                errors.add(new FieldError(at + ".offerId", "is not one of the campaign's offers"));
            }
            List<CampaignSpec.Content> own = variant.content() == null ? List.of() : variant.content();
            templates.check(own).forEach(error -> errors.add(new FieldError(at + "." + error.field(), error.message())));
            for (int i = 0; i < own.size(); i++) {
                if (!spec.channels().contains(own.get(i).channel())) {
                    errors.add(new FieldError(at + ".content[" + i + "].channel", "is not one of the campaign's channels"));
                }
            }
        }
        CampaignSpec.Trigger trigger = spec.trigger();
        if ("interaction".equals(trigger.type()) && (trigger.interactionType() == null || trigger.interactionType().isBlank())) {
            errors.add(new FieldError("trigger.interactionType", "is required for an interaction trigger"));
        }
        errors.addAll(dev.rapport.campaign.triggers.InteractionFilter.check(trigger.filter(), "trigger.filter"));
        if (trigger.every() != null && (trigger.every().isNegative() || trigger.every().toMinutes() < 1)) {
            errors.add(new FieldError("trigger.every", "must be at least one minute"));
        }
        if ("schedule".equals(trigger.type()) && trigger.at() == null) {
            errors.add(new FieldError("trigger.at", "is required for a schedule trigger"));
        }
        if ("inactivity".equals(trigger.type()) && trigger.inactiveDays() == null) {
            errors.add(new FieldError("trigger.inactiveDays", "is required for an inactivity trigger"));
        }
        if (spec.delay() != null && (spec.delay().isNegative() || spec.delay().compareTo(LONGEST) > 0)) {
            errors.add(new FieldError("delay", "must be from PT0S to P3650D"));
        }
        if (spec.goal() != null && spec.goal().window() != null
                && (spec.goal().window().isNegative() || spec.goal().window().isZero() || spec.goal().window().compareTo(LONGEST) > 0)) {
            errors.add(new FieldError("goal.window", "must be from PT1S to P3650D"));
        }
        if ("every".equals(spec.reentry().mode()) && spec.reentry().everyDays() == null) {
            errors.add(new FieldError("reentry.everyDays", "is required when re-entry is every N days"));
        }
        if (spec.validFrom() != null && spec.validUntil() != null && !spec.validFrom().isBefore(spec.validUntil())) {
            errors.add(new FieldError("validUntil", "must be after validFrom"));
        }
        if (!errors.isEmpty()) {
            throw new ProblemException(ProblemType.VALIDATION_FAILED, FieldErrors.detail(errors), errors);
        }
    }

    private static Uni<Void> segmentExists(UUID segmentId) {
        return Segment.findById(segmentId).map(segment -> {
            if (segment == null) {
                throw ProblemException.invalid("segmentId", "no segment " + segmentId);
            }
            return null;
        }).replaceWithVoid();
    }

    private static Uni<Campaign> existing(UUID id) {
        return Campaign.<Campaign>findById(id).map(campaign -> {
            if (campaign == null) {
                throw ProblemException.notFound("campaign", id);
            }
            return campaign;
        });
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
