package dev.rapport.contracts.events;

import java.time.DayOfWeek;
import java.time.Instant;
import java.util.List;

/** What the customer said about being contacted; null fields mean "no stated preference". */
public record ContactPreferences(
        List<Channel> channels,
        Integer maxPerWeek,
        List<ChannelCap> channelCaps,
        QuietHours quietHours,
        List<DayOfWeek> preferredDays,
        List<String> topics,
        Instant pausedUntil) {
}
