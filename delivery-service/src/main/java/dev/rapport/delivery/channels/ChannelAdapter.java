package dev.rapport.delivery.channels;

import dev.rapport.contracts.events.Channel;
import dev.rapport.contracts.events.ChannelContent;
import dev.rapport.delivery.policy.CustomerFacts;
import dev.rapport.delivery.requests.Delivery;
import io.smallrye.mutiny.Uni;

/**
 * One way out to the customer. A failure is retried with backoff unless it is a
 * {@link PermanentChannelFailure}; an adapter must not report success before the message is handed over.
 */
public interface ChannelAdapter {

    Channel channel();

    Uni<Void> send(Delivery delivery, ChannelContent content, CustomerFacts customer);
}
