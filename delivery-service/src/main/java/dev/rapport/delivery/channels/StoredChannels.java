package dev.rapport.delivery.channels;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rapport.contracts.events.Channel;
import dev.rapport.contracts.events.ChannelContent;
import dev.rapport.delivery.policy.CustomerFacts;
import dev.rapport.delivery.requests.Delivery;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;

/**
 * Channels that deliver by storing: the web and app inbox channel apps read, the call-center
 * agent queue (phone) and the daily direct-mail print batch, addressed with the customer's real
 * name and postal address.
 */
@ApplicationScoped
public class StoredChannels {

    private final ObjectMapper mapper;

    public StoredChannels(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    public List<ChannelAdapter> adapters() {
        return List.of(stored(Channel.WEB), stored(Channel.APP), stored(Channel.PHONE), stored(Channel.MAIL));
    }

    private ChannelAdapter stored(Channel channel) {
        return new ChannelAdapter() {
            @Override
            public Channel channel() {
                return channel;
            }

            @Override
            public Uni<Void> send(Delivery delivery, ChannelContent content, CustomerFacts customer) {
                Object recipient = channel == Channel.MAIL ? java.util.Map.of("name", customer.name(), "address", customer.address())
                        : java.util.Map.of("customerId", customer.customerId());
                String json;
                try {
                    json = mapper.writeValueAsString(recipient);
                } catch (Exception e) {
                    throw new PermanentChannelFailure("recipient not writable");
                }
                return Panache.withTransaction(() -> Panache.getSession().flatMap(session -> session.createNativeQuery("""
                                INSERT INTO channel_item (message_id, customer_id, channel, subject, body, recipient, created_at)
                                VALUES (?1, ?2, ?3, ?4, ?5, CAST(CAST(?6 AS text) AS jsonb), now()) ON CONFLICT (message_id) DO NOTHING""")
                        .setParameter(1, delivery.messageId).setParameter(2, delivery.customerId).setParameter(3, channel.wire())
                        .setParameter(4, content.subject()).setParameter(5, content.text()).setParameter(6, json)
                        .executeUpdate())).replaceWithVoid();
            }
        };
    }
}
