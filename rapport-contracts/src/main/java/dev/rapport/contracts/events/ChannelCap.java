package dev.rapport.contracts.events;

/** At most this many contacts per week on one channel. */
public record ChannelCap(Channel channel, int maxPerWeek) {
}
