package dev.rapport.profile.preferences;

import dev.rapport.contracts.events.Channel;
import dev.rapport.contracts.events.ChannelCap;
import dev.rapport.contracts.events.ContactPreferences;
import dev.rapport.contracts.events.QuietHours;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.util.List;

/** Contact preferences as the customer states them; times are in the profile's time zone. */
@Schema(name = "ContactPreferences")
public record PreferencesBody(
        @Schema(description = "allowed channels, most preferred first")
        @Size(max = 10) List<@NotNull Channel> channels,
        @Schema(description = "most contacts per week over all channels")
        @Min(0) @Max(100) Integer maxPerWeek,
        @Size(max = 10) List<@NotNull @Valid CapBody> channelCaps,
        @Valid QuietHoursBody quietHours,
        @Schema(description = "days the customer prefers to be contacted on, e.g. SATURDAY")
        @Size(max = 7) List<@NotNull DayOfWeek> preferredDays,
        @Size(max = 50) List<@NotBlank @Size(max = 64) String> topics,
        @Schema(description = "no contact until then")
        Instant pausedUntil) {

    @Schema(name = "ChannelCap")
    public record CapBody(@NotNull Channel channel, @NotNull @Min(0) @Max(100) Integer maxPerWeek) {
    }

    @Schema(name = "QuietHours")
    public record QuietHoursBody(
            @Schema(example = "21:00") @NotNull LocalTime start,
            @Schema(example = "08:00") @NotNull LocalTime end) {
    }

    public ContactPreferences toPreferences() {
        return new ContactPreferences(channels, maxPerWeek,
                channelCaps == null ? null : channelCaps.stream().map(cap -> new ChannelCap(cap.channel(), cap.maxPerWeek())).toList(),
                quietHours == null ? null : new QuietHours(quietHours.start(), quietHours.end()),
                preferredDays, topics, pausedUntil);
    }

    public static PreferencesBody of(ContactPreferences preferences) {
        if (preferences == null) {
            return new PreferencesBody(null, null, null, null, null, null, null);
        }
        return new PreferencesBody(preferences.channels(), preferences.maxPerWeek(),
                preferences.channelCaps() == null ? null
                        : preferences.channelCaps().stream().map(cap -> new CapBody(cap.channel(), cap.maxPerWeek())).toList(),
                preferences.quietHours() == null ? null
                        : new QuietHoursBody(preferences.quietHours().start(), preferences.quietHours().end()),
                preferences.preferredDays(), preferences.topics(), preferences.pausedUntil());
    }
}
