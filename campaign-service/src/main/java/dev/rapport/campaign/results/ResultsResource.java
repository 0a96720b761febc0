package dev.rapport.campaign.results;

import dev.rapport.campaign.campaigns.Campaign;
import dev.rapport.campaign.campaigns.CampaignSpec;
import dev.rapport.campaign.enrolment.ArmAssignment;
import dev.rapport.messaging.persistence.NativeSql;
import dev.rapport.web.Problem;
import dev.rapport.web.ProblemException;
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

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

@Path("/api/v1/campaigns/{id}/results")
@Tag(name = "Campaigns")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.MARKETER, Roles.ADMIN})
public class ResultsResource {

    private static final double SIGNIFICANCE = 0.05;

    @GET
    @WithSession
    @Operation(summary = "Results per variant and for the holdout", description = "Counts from delivery events (sent, delivered, "
            + "opened, clicked) and interaction events (conversions within the goal window), conversion rates with 95 % "
            + "confidence intervals, and lift and significance against the control.")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = CampaignResults.class)))
    @APIResponse(responseCode = "404", description = "No such campaign", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<CampaignResults> results(@PathParam("id") UUID id) {
        return Campaign.<Campaign>findById(id).flatMap(campaign -> {
            if (campaign == null) {
                throw ProblemException.notFound("campaign", id);
            }
            return NativeSql.rows("""
                            SELECT variant, holdout, count(*), count(*) FILTER (WHERE NOT holdout), count(sent_at), count(delivered_at),
                                   count(opened_at), count(clicked_at), count(converted_at)
                            FROM campaign_request WHERE campaign_id = ?1 GROUP BY variant, holdout""", id)
                    .map(rows -> results(campaign, rows));
        });
    }

    static CampaignResults results(Campaign campaign, List<Object[]> rows) {
        Map<String, long[]> counts = new HashMap<>();
        for (Object[] row : rows) {
            long[] c = new long[7];
            for (int i = 0; i < 7; i++) {
                c[i] = ((Number) row[i + 2]).longValue();
            }
            counts.put((String) row[0], c);
        }
        CampaignSpec spec = campaign.spec;
        // the current variants in their order, then any that earlier versions had, then the holdout
        List<String> names = new ArrayList<>(spec.arms().stream().map(CampaignSpec.Variant::name).toList());
        counts.keySet().stream().filter(n -> !names.contains(n) && !ArmAssignment.HOLDOUT.equals(n)).sorted().forEach(names::add);
        boolean hasHoldout = spec.holdoutPercent() > 0 || counts.containsKey(ArmAssignment.HOLDOUT);
        if (hasHoldout) {
            names.add(ArmAssignment.HOLDOUT);
        }
        String control = hasHoldout ? ArmAssignment.HOLDOUT : names.get(0);
        long[] none = new long[7];
        long[] controlCounts = counts.getOrDefault(control, none);
        List<CampaignResults.Arm> arms = new ArrayList<>();
        for (String name : names) {
            long[] c = counts.getOrDefault(name, none);
            long entered = c[0];
            long converted = c[6];
            Double rate = entered == 0 ? null : (double) converted / entered;
            Double lift = null;
            Double z = null;
            Double p = null;
            Boolean significant = null;
            if (!name.equals(control)) {
                long controlEntered = controlCounts[0];
                long controlConverted = controlCounts[6];
                if (rate != null && controlEntered > 0 && controlConverted > 0) {
                    double controlRate = (double) controlConverted / controlEntered;
                    lift = (rate - controlRate) / controlRate;
                }
                Proportions.Test test = Proportions.twoProportion(converted, entered, controlConverted, controlEntered);
                if (test != null) {
                    z = test.z();
                    p = test.pValue();
                    significant = test.pValue() < SIGNIFICANCE;
                }
            }
            arms.add(new CampaignResults.Arm(name, ArmAssignment.HOLDOUT.equals(name), entered, c[1], c[2], c[3], c[4], c[5], converted, rate,
                    Proportions.wilson(converted, entered, Proportions.Z_95), lift, z, p, significant));
        }
        return new CampaignResults(campaign.id, spec.adaptive() ? "thompson" : "fixed", control, arms, Instant.now());
    }
}
