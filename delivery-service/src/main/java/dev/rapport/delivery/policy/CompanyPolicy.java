package dev.rapport.delivery.policy;

import dev.rapport.contracts.events.Channel;
import dev.rapport.contracts.events.QuietHours;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Duration;
import java.util.List;

/**
 * The company-wide contact policy: what applies where the customer stated nothing. Caps count
 * non-service contacts over a rolling 7 days.
 */
@Schema(name = "ContactPolicy")
public record CompanyPolicy(
        @Schema(description = "most non-service contacts per rolling 7 days over all channels")
        @NotNull @Min(0) @Max(100) Integer maxPerWeek,
        @Schema(description = "most non-service contacts per rolling 7 days per channel")
        List<@NotNull @Valid ChannelLimit> channelCaps,
        @Schema(description = "least time between two non-service contacts, ISO-8601 duration", example = "PT12H")
        @NotNull Duration minimumGap,
        @Schema(description = "quiet hours for customers who stated none, in their time zone")
        @Valid QuietHours defaultQuietHours) {

    @Schema(name = "ChannelLimit")
    public record ChannelLimit(@NotNull Channel channel, @NotNull @Min(0) @Max(100) Integer maxPerWeek) {
    }

    public static CompanyPolicy defaults() {
        return new CompanyPolicy(5, List.of(), Duration.ZERO, null);
    }

    int capFor(Channel channel) {
        return channelCaps == null ? Integer.MAX_VALUE : channelCaps.stream().filter(cap -> cap.channel() == channel)
                .map(ChannelLimit::maxPerWeek).findFirst().orElse(Integer.MAX_VALUE);
    }
}
