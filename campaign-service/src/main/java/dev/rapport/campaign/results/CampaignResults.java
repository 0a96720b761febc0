package dev.rapport.campaign.results;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A campaign's results per arm, with the statistics against its control. */
@Schema(name = "CampaignResults")
public record CampaignResults(
        UUID campaignId,
        @Schema(description = "fixed or thompson") String allocation,
        @Schema(description = "the arm the others are compared with: the holdout if the campaign has one, else its first variant") String control,
        List<Arm> arms,
        Instant computedAt) {

    @Schema(name = "CampaignArmResult", description = "Counts are of entries: a customer entering the campaign again counts again.")
    public record Arm(
            String variant,
            boolean holdout,
            @Schema(description = "customers entered into this arm") long entered,
            @Schema(description = "delivery requests published (0 for the holdout)") long requested,
            @Schema(description = "accepted by the channel (e.g. the SMTP server)") long sent,
            @Schema(description = "confirmed delivered by the provider, or opened or clicked") long delivered,
            @Schema(description = "opened, or clicked") long opened,
            long clicked,
            @Schema(description = "reached the goal within the goal window after entering") long converted,
            @Schema(description = "converted / entered") Double conversionRate,
            @Schema(description = "95 % Wilson score interval of the conversion rate") Proportions.Interval confidenceInterval,
            @Schema(description = "relative lift of the conversion rate over the control's") Double lift,
            @Schema(description = "two-proportion z statistic against the control") Double zScore,
            @Schema(description = "two-sided p-value against the control") Double pValue,
            @Schema(description = "p-value below 0.05") Boolean significant) {
    }
}
