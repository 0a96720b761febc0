package dev.rapport.contracts.events;

/** A message rendered for one channel; {@code subject} and {@code html} only where the channel has them. */
public record ChannelContent(Channel channel, String subject, String html, String text) {
}
