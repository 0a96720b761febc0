package dev.rapport.delivery.channels;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rapport.contracts.events.Channel;
import dev.rapport.contracts.events.ChannelContent;
import dev.rapport.contracts.events.ContactPoint;
import dev.rapport.delivery.policy.CustomerFacts;
import dev.rapport.delivery.requests.Delivery;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * SMS and push through provider HTTP APIs: a JSON POST {@code {messageId, to, text, title}}; 2xx is
 * accepted, 4xx refused for good, anything else retried. The message id lets the provider drop a
 * retry of something it already accepted.
 */
@ApplicationScoped
public class ProviderChannels {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper mapper;
    private final DeliveryConfig config;

    public ProviderChannels(ObjectMapper mapper, DeliveryConfig config) {
        this.mapper = mapper;
        this.config = config;
    }

    public List<ChannelAdapter> adapters() {
        return List.of(provider(Channel.SMS, config.smsEndpoint()), provider(Channel.PUSH, config.pushEndpoint()));
    }

    private ChannelAdapter provider(Channel channel, Optional<String> endpoint) {
        return new ChannelAdapter() {
            @Override
            public Channel channel() {
                return channel;
            }

            @Override
            public Uni<Void> send(Delivery delivery, ChannelContent content, CustomerFacts customer) {
                String url = endpoint.orElseThrow(() -> new PermanentChannelFailure("no " + channel.wire() + " provider configured"));
                String to = customer.contactPoints().stream().filter(p -> p.channel() == channel && p.valid())
                        .map(ContactPoint::address).findFirst()
                        .orElseThrow(() -> new PermanentChannelFailure("no valid " + channel.wire() + " contact point"));
                String body;
                try {
                    body = mapper.writeValueAsString(Map.of("messageId", delivery.messageId.toString(), "to", to,
                            "text", content.text() == null ? "" : content.text(), "title", content.subject() == null ? "" : content.subject()));
                } catch (Exception e) {
                    throw new PermanentChannelFailure("message not writable");
                }
                HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                        .header("Content-Type", "application/json").header("Idempotency-Key", delivery.messageId.toString())
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build();
                return Uni.createFrom().completionStage(() -> http.sendAsync(request, HttpResponse.BodyHandlers.discarding()))
                        .map(response -> {
                            int status = response.statusCode();
                            if (status >= 400 && status < 500) {
                                throw new PermanentChannelFailure(channel.wire() + " provider refused the message: HTTP " + status);
                            }
                            if (status >= 300) {
                                throw new IllegalStateException(channel.wire() + " provider answered HTTP " + status);
                            }
                            return null;
                        })
                        .replaceWithVoid();
            }
        };
    }
}
