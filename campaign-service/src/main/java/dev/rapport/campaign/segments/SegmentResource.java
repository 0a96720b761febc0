package dev.rapport.campaign.segments;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rapport.web.FieldErrors;
import dev.rapport.web.Problem;
import dev.rapport.web.ProblemException;
import dev.rapport.web.ProblemType;
import dev.rapport.campaign.campaigns.Campaign;
import dev.rapport.campaign.campaigns.CampaignCatalog;
import dev.rapport.messaging.persistence.NativeSql;
import dev.rapport.web.Roles;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.QueryParam;
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
import java.util.UUID;

@Path("/api/v1/segments")
@Tag(name = "Segments", description = "Audiences defined in the segment rule language")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.MARKETER, Roles.ADMIN})
public class SegmentResource {

    private static final int PAGE = 500;
    private static final int SAMPLE = 20;

    @Schema(name = "SegmentRequest")
    public record SegmentBody(@NotBlank @Size(max = 200) String name, @Size(max = 2000) String description,
                              @Schema(description = "a rule of the segment rule language (see the campaign-service README)") @NotNull JsonNode rule) {
    }

    @Schema(name = "Segment")
    public record SegmentView(UUID id, String name, String description, JsonNode rule, Instant createdAt, Instant updatedAt) {
        static SegmentView of(Segment s) {
            return new SegmentView(s.id, s.name, s.description, s.rule, s.createdAt, s.updatedAt);
        }
    }

    @Schema(name = "SegmentPreview")
    public record Preview(UUID segmentId, long count, long evaluated, List<UUID> sample) {
    }

    @Schema(name = "SegmentMembers")
    public record Members(UUID segmentId, long count, List<UUID> members,
                          @Schema(description = "pass as after for the next page; absent on the last page") UUID next) {
    }

    private final CustomerViews views;
    private final CampaignCatalog catalog;
    private final SegmentMembership membership;

    public SegmentResource(CustomerViews views, CampaignCatalog catalog, SegmentMembership membership) {
        this.views = views;
        this.catalog = catalog;
        this.membership = membership;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create a segment", description = "An invalid rule is rejected with the JSON path of each bad node. "
            + "Its members are evaluated from every known customer within seconds, and kept current on every event after.")
    @APIResponse(responseCode = "201", content = @Content(schema = @Schema(implementation = SegmentView.class)))
    @APIResponse(responseCode = "400", description = "Invalid", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<Response> create(@NotNull @Valid SegmentBody body) {
        check(body.rule());
        Segment segment = new Segment();
        segment.id = UUID.randomUUID();
        apply(segment, body);
        segment.createdAt = segment.updatedAt;
        return Panache.withTransaction(() -> segment.persist())
                .invoke(this::changed)
                .map(ignored -> Response.created(URI.create("/api/v1/segments/" + segment.id)).entity(SegmentView.of(segment)).build());
    }

    @GET
    @WithSession
    @Operation(summary = "All segments, by name")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = SegmentView.class)))
    public Uni<List<SegmentView>> list() {
        return Segment.<Segment>list("order by name").map(all -> all.stream().map(SegmentView::of).toList());
    }

    @GET
    @Path("/{id}")
    @WithSession
    @Operation(summary = "One segment")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = SegmentView.class)))
    @APIResponse(responseCode = "404", description = "No such segment", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<SegmentView> read(@PathParam("id") UUID id) {
        return existing(id).map(SegmentView::of);
    }

    @PUT
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Replace a segment", description = "Members are evaluated again from every known customer within seconds.")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = SegmentView.class)))
    @APIResponse(responseCode = "400", description = "Invalid", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "No such segment", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<SegmentView> replace(@PathParam("id") UUID id, @NotNull @Valid SegmentBody body) {
        check(body.rule());
        return Panache.withTransaction(() -> existing(id).map(segment -> {
            apply(segment, body);
            return SegmentView.of(segment);
        })).invoke(this::changed);
    }

    /** After the commit: this replica sees the change at once, and the members are evaluated again. */
    private void changed() {
        catalog.invalidate();
        membership.reevaluateEveryoneSoon();
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Delete a segment", description = "A segment that is the audience of a campaign not yet completed stays.")
    @APIResponse(responseCode = "204", description = "Deleted")
    @APIResponse(responseCode = "404", description = "No such segment", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "In use", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<Response> delete(@PathParam("id") UUID id) {
        return Panache.withTransaction(() -> existing(id)
                        .flatMap(segment -> NativeSql.rows("SELECT id, name FROM campaign WHERE status <> ?2 AND spec ->> 'segmentId' = ?1 LIMIT 1",
                                id.toString(), Campaign.COMPLETED).flatMap(users -> {
                                    if (!users.isEmpty()) {
                                        throw new ProblemException(ProblemType.CONFLICT, "segment " + id + " is the audience of campaign "
                                                + users.get(0)[0] + "; complete it or give it another segment first");
                                    }
                                    return NativeSql.execute("DELETE FROM segment_member WHERE segment_id = ?1", id)
                                            .flatMap(ignored -> segment.delete());
                                })))
                .invoke(catalog::invalidate)
                .replaceWith(Response.noContent().build());
    }

    @GET
    @Path("/{id}/members")
    @WithSession
    @Operation(summary = "The segment's members as kept from events", description = "Membership is re-evaluated whenever an event "
            + "changes a customer, and for everyone every rapport.campaign.membership-refresh (for conditions such as \"no visit for 90 days\" "
            + "that time alone makes true). Pages in customer id order.")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = Members.class)))
    @APIResponse(responseCode = "404", description = "No such segment", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<Members> members(@PathParam("id") UUID id, @QueryParam("after") UUID after,
                                @QueryParam("limit") @DefaultValue("100") @Min(1) @Max(1000) int limit) {
        return existing(id).flatMap(segment -> NativeSql.rows("SELECT count(*), 1 FROM segment_member WHERE segment_id = ?1", id)
                .flatMap(count -> NativeSql.rows("""
                                SELECT customer_id, since FROM segment_member WHERE segment_id = ?1 AND customer_id > ?2
                                ORDER BY customer_id LIMIT ?3""", id, after == null ? new UUID(0L, 0L) : after, limit + 1)
                        .map(rows -> {
                            List<UUID> members = rows.stream().limit(limit).map(row -> (UUID) row[0]).toList();
                            UUID next = rows.size() > limit ? members.get(members.size() - 1) : null;
                            return new Members(id, ((Number) count.get(0)[0]).longValue(), members, next);
                        })));
    }

    @POST
    @Path("/{id}/preview")
    @WithSession
    @Operation(summary = "Count the segment's members now and show a sample", description = "Evaluates every known customer, "
            + "a page at a time.")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = Preview.class)))
    @APIResponse(responseCode = "404", description = "No such segment", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<Preview> preview(@PathParam("id") UUID id) {
        return existing(id).flatMap(segment -> {
            SegmentRule rule = SegmentRules.parse(segment.rule).rule();
            return count(rule, null, new long[2], new ArrayList<>(), Instant.now())
                    .map(result -> new Preview(id, result.counts()[0], result.counts()[1], result.sample()));
        });
    }

    private record Counted(long[] counts, List<UUID> sample) {
    }

    private Uni<Counted> count(SegmentRule rule, UUID after, long[] counts, List<UUID> sample, Instant now) {
        return views.page(after, PAGE).flatMap(page -> {
            if (page.isEmpty()) {
                return Uni.createFrom().item(new Counted(counts, sample));
            }
            for (CustomerViews.Customer customer : page) {
                counts[1]++;
                if (rule.matches(customer.view(), now)) {
                    counts[0]++;
                    if (sample.size() < SAMPLE) {
                        sample.add(customer.id());
                    }
                }
            }
            return count(rule, page.get(page.size() - 1).id(), counts, sample, now);
        });
    }

    private static void check(JsonNode rule) {
        SegmentRules.Parsed parsed = SegmentRules.parse(rule);
        if (!parsed.valid()) {
            throw new ProblemException(ProblemType.VALIDATION_FAILED, FieldErrors.detail(parsed.errors()), parsed.errors());
        }
    }

    private static void apply(Segment segment, SegmentBody body) {
        segment.name = body.name();
        segment.description = body.description();
        segment.rule = body.rule();
        segment.updatedAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
    }

    private static Uni<Segment> existing(UUID id) {
        return Segment.<Segment>findById(id).map(segment -> {
            if (segment == null) {
                throw ProblemException.notFound("segment", id);
            }
            return segment;
        });
    }
}
