package dev.rapport.campaign.segments;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rapport.web.FieldErrors;
import dev.rapport.web.Problem;
import dev.rapport.web.ProblemException;
import dev.rapport.web.ProblemType;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
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
import java.util.UUID;

@Path("/api/v1/segments")
@Tag(name = "Segments", description = "Audiences defined in the segment rule language")
@Produces(MediaType.APPLICATION_JSON)
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

    private final CustomerViews views;

    public SegmentResource(CustomerViews views) {
        this.views = views;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @WithTransaction
    @Operation(summary = "Create a segment", description = "An invalid rule is rejected with the JSON path of each bad node.")
    @APIResponse(responseCode = "201", content = @Content(schema = @Schema(implementation = SegmentView.class)))
    @APIResponse(responseCode = "400", description = "Invalid", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<Response> create(@NotNull @Valid SegmentBody body) {
        check(body.rule());
        Segment segment = new Segment();
        segment.id = UUID.randomUUID();
        apply(segment, body);
        segment.createdAt = segment.updatedAt;
        return segment.persist().map(ignored -> Response.created(URI.create("/api/v1/segments/" + segment.id))
                .entity(SegmentView.of(segment)).build());
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
    @WithTransaction
    @Operation(summary = "Replace a segment")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = SegmentView.class)))
    @APIResponse(responseCode = "400", description = "Invalid", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "No such segment", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<SegmentView> replace(@PathParam("id") UUID id, @NotNull @Valid SegmentBody body) {
        check(body.rule());
        return existing(id).map(segment -> {
            apply(segment, body);
            return SegmentView.of(segment);
        });
    }

    @DELETE
    @Path("/{id}")
    @WithTransaction
    @Operation(summary = "Delete a segment")
    @APIResponse(responseCode = "204", description = "Deleted")
    @APIResponse(responseCode = "404", description = "No such segment", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<Response> delete(@PathParam("id") UUID id) {
        return existing(id).flatMap(segment -> segment.delete()).replaceWith(Response.noContent().build());
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
            for (var entry : page) {
                counts[1]++;
                if (rule.matches(entry.getValue(), now)) {
                    counts[0]++;
                    if (sample.size() < SAMPLE) {
                        sample.add(entry.getKey());
                    }
                }
            }
            return count(rule, page.get(page.size() - 1).getKey(), counts, sample, now);
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
