package dev.rapport.campaign.campaigns;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rapport.contracts.events.CampaignCategory;
import dev.rapport.contracts.events.Channel;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Everything a marketer defines about a campaign. */
@Schema(name = "CampaignSpec")
public record CampaignSpec(
        @NotBlank @Size(max = 200) String name,
        @NotNull CampaignCategory category,
        @Schema(description = "the audience") @NotNull UUID segmentId,
        @NotNull @Valid Trigger trigger,
        @Schema(description = "wait after the trigger, ISO-8601 duration") Duration delay,
        @Valid Goal goal,
        @Min(0) @Max(1000) int priority,
        @NotNull @Valid Reentry reentry,
        Instant validFrom,
        Instant validUntil,
        @NotEmpty @Size(max = 10) List<@NotNull Channel> channels,
        @NotEmpty @Size(max = 10) List<@NotNull @Valid Content> content,
        @Size(max = 20) List<@NotNull @Valid Offer> offers,
        @Size(max = 10) List<@NotNull @Valid Variant> variants,
        @Schema(description = "share of the audience that gets nothing, for comparison") @Min(0) @Max(50) int holdoutPercent,
        @Schema(enumeration = {"fixed", "thompson"}, description = "fixed: variants by weight; thompson: a bandit shifts new entries "
                + "to the variant converting best") @Pattern(regexp = "fixed|thompson", message = "must be fixed or thompson") String allocation) {

    public static final String DEFAULT_VARIANT = "default";

    /** The variants, or the one implicit {@value #DEFAULT_VARIANT} variant when none are defined. */
    public List<Variant> arms() {
        return variants == null || variants.isEmpty() ? List.of(new Variant(DEFAULT_VARIANT, 1, null, null)) : variants;
    }

    public boolean adaptive() {
        return "thompson".equals(allocation);
    }

    /** The variant's own content for the channel, else the campaign's. */
    public Content contentFor(Variant variant, Channel channel) {
        List<Content> own = variant.content() == null ? List.of() : variant.content();
        return own.stream().filter(c -> c.channel() == channel).findFirst()
                .orElseGet(() -> content.stream().filter(c -> c.channel() == channel).findFirst().orElse(null));
    }

    @Schema(name = "CampaignTrigger")
    public record Trigger(
            @Schema(enumeration = {"interaction", "schedule", "inactivity"}) @NotNull @Pattern(regexp = "interaction|schedule|inactivity",
                    message = "must be interaction, schedule or inactivity") String type,
            @Schema(description = "for interaction triggers, e.g. purchase") @Size(max = 64) String interactionType,
            @Schema(description = "for interaction triggers: member values the interaction must have, e.g. {\"channel\": \"web\"}") JsonNode filter,
            @Schema(description = "for schedule triggers: when, ISO-8601") Instant at,
            @Schema(description = "for schedule triggers: repeat every, ISO-8601 duration") Duration every,
            @Schema(description = "for inactivity triggers") @Min(1) @Max(3650) Integer inactiveDays) {
    }

    @Schema(name = "CampaignGoal")
    public record Goal(@NotBlank @Size(max = 64) String interactionType, @NotNull Duration window) {
    }

    @Schema(name = "CampaignReentry")
    public record Reentry(@NotNull @Pattern(regexp = "once|every", message = "must be once or every") String mode,
                          @Min(1) @Max(3650) Integer everyDays) {
    }

    @Schema(name = "CampaignContent", description = "Qute templates; {customer.givenName}, {customer.familyName}, {customer.title}, "
            + "{customer.city}, {customer.tier}, {offer.id}, {campaign.name}")
    public record Content(@NotNull Channel channel, @Size(max = 500) String subject, @Size(max = 200_000) String html,
                          @NotBlank @Size(max = 100_000) String text) {
    }

    @Schema(name = "CampaignOffer")
    public record Offer(@NotBlank @Size(max = 100) String id, @Schema(description = "budget: most redemptions; none = unlimited")
    @Min(1) Integer maxRedemptions) {
    }

    @Schema(name = "CampaignVariant")
    public record Variant(@NotBlank @Size(max = 64) @Pattern(regexp = "(?!holdout$).*", message = "holdout is reserved for the holdout group") String name,
                          @Min(1) @Max(100) int weight,
                          @Schema(description = "content of this variant per channel; channels it leaves out use the campaign's content")
                          @Size(max = 10) List<@NotNull @Valid Content> content,
                          @Schema(description = "the offer this variant makes; none = the campaign's first offer with budget left")
                          @Size(max = 100) String offerId) {
    }
}
