package dev.rapport.interaction.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rapport.contracts.events.InteractionRecorded;
import dev.rapport.interaction.ingest.IngestService.Stored;
import dev.rapport.interaction.ingest.InteractionValidator.Checked;
import dev.rapport.interaction.ingest.InteractionValidator.Outcome;
import dev.rapport.web.FieldError;
import dev.rapport.web.FieldErrors;
import dev.rapport.web.Problem;
import dev.rapport.web.ProblemException;
import dev.rapport.web.ProblemType;
import dev.rapport.web.Roles;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
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
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

@Path("/api/v1/interactions")
@Tag(name = "Ingest", description = "Record interactions of every channel, one at a time or up to 1,000 per call")
@Produces(MediaType.APPLICATION_JSON)
public class InteractionResource {

    public static final int MAX_BATCH = 1000;

    @Schema(name = "IngestResult")
    public record IngestResult(String status, UUID interactionId, UUID customerId) {
    }

    @Schema(name = "BatchRequest")
    public record BatchRequest(@Schema(description = "interactions as in the single request, up to 1,000") @NotNull @Size(min = 1, max = MAX_BATCH) List<JsonNode> items) {
    }

    @Schema(name = "BatchItemResult")
    public record ItemResult(int index, @Schema(enumeration = {"accepted", "duplicate", "rejected"}) String status,
                             UUID interactionId, UUID customerId, String reason, List<FieldError> errors) {
    }

    @Schema(name = "BatchResult")
    public record BatchResult(int accepted, int duplicates, int rejected, List<ItemResult> results) {
    }

    private final InteractionValidator validator;
    private final IngestService ingest;

    public InteractionResource(InteractionValidator validator, IngestService ingest) {
        this.validator = validator;
        this.ingest = ingest;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Record one interaction", description = "Idempotent on clientEventId: resending answers 200 with the interaction stored first.")
    @APIResponse(responseCode = "201", description = "Recorded", content = @Content(schema = @Schema(implementation = IngestResult.class)))
    @APIResponse(responseCode = "200", description = "Recorded before (duplicate)", content = @Content(schema = @Schema(implementation = IngestResult.class)))
    @APIResponse(responseCode = "400", description = "Invalid; nothing stored", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @RolesAllowed({Roles.CHANNEL_APP, Roles.ADMIN})
    public Uni<Response> record(@NotNull InteractionRequest request) {
        Outcome outcome = validator.check(request);
        if (!outcome.valid()) {
            throw new ProblemException(ProblemType.VALIDATION_FAILED, FieldErrors.detail(outcome.errors()), outcome.errors());
        }
        return ingest.store(List.of(outcome.checked())).map(stored -> {
            Stored only = stored.get(0);
            IngestResult result = new IngestResult(only.duplicate() ? "duplicate" : "accepted", only.interactionId(), only.customerId());
            return Response.status(only.duplicate() ? 200 : 201)
                    .location(URI.create("/api/v1/interactions/" + only.interactionId())).entity(result).build();
        });
    }

    @POST
    @Path("/batch")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Record up to 1,000 interactions", description = "Answers per item, in order: accepted, duplicate "
            + "(its clientEventId was recorded before, also earlier in the same batch) or rejected with the reason. "
            + "Valid items are stored even when others are rejected.")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = BatchResult.class)))
    @APIResponse(responseCode = "400", description = "Not a batch (e.g. more than 1,000 items)", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @RolesAllowed({Roles.CHANNEL_APP, Roles.ADMIN})
    public Uni<BatchResult> recordBatch(@NotNull @Valid BatchRequest batch) {
        List<ItemResult> results = new ArrayList<>(batch.items().size());
        List<Checked> valid = new ArrayList<>();
        List<Integer> validIndexes = new ArrayList<>();
        for (int i = 0; i < batch.items().size(); i++) {
            Outcome outcome = validator.check(batch.items().get(i));
            if (outcome.valid()) {
                valid.add(outcome.checked());
                validIndexes.add(i);
                results.add(null);
            } else {
                results.add(new ItemResult(i, "rejected", null, null, FieldErrors.detail(outcome.errors()), outcome.errors()));
            }
        }
        Uni<List<Stored>> stored = valid.isEmpty() ? Uni.createFrom().item(List.of()) : ingest.store(valid);
        return stored.map(outcomes -> {
            for (int k = 0; k < outcomes.size(); k++) {
                Stored outcome = outcomes.get(k);
                int index = validIndexes.get(k);
                results.set(index, new ItemResult(index, outcome.duplicate() ? "duplicate" : "accepted",
                        outcome.interactionId(), outcome.customerId(), null, null));
            }
            int accepted = (int) results.stream().filter(r -> r.status().equals("accepted")).count();
            int duplicates = (int) results.stream().filter(r -> r.status().equals("duplicate")).count();
            return new BatchResult(accepted, duplicates, results.size() - accepted - duplicates, results);
        });
    }

    @GET
    @Path("/{id}")
    @WithSession
    @Operation(summary = "Read one recorded interaction")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = InteractionRecorded.class)))
    @APIResponse(responseCode = "404", description = "No such interaction", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @RolesAllowed({Roles.CHANNEL_APP, Roles.AGENT, Roles.OPERATOR, Roles.ADMIN})
    public Uni<InteractionRecorded> read(@PathParam("id") UUID id) {
        return Interaction.<Interaction>findById(id).map(row -> {
            if (row == null) {
                throw ProblemException.notFound("interaction", id);
            }
            return row.asEvent();
        });
    }
}
