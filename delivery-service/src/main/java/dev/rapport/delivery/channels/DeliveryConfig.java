package dev.rapport.delivery.channels;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

/** Channel delivery settings ({@code rapport.delivery.*}). */
@ConfigMapping(prefix = "rapport.delivery")
public interface DeliveryConfig {

    /** Public base URL of delivery-service, for tracking and unsubscribe links. */
    @WithDefault("http://localhost:8084")
    String publicUrl();

    /** Secret signing tracking and unsubscribe tokens. Set it in production. */
    @WithDefault("change-me-in-production")
    String tokenSecret();

    /** HTTP endpoint of the SMS provider (JSON POST); absent means SMS cannot be sent. */
    Optional<String> smsEndpoint();

    /** HTTP endpoint of the push provider (JSON POST); absent means push cannot be sent. */
    Optional<String> pushEndpoint();

    /** Sends attempted before a message is given up as failed. */
    @WithDefault("5")
    int maxAttempts();

    /** First retry delay after a transient failure; doubles per attempt. */
    @WithDefault("PT2S")
    Duration retryBackoff();

    /** How often the sender looks for queued and due deferred messages. */
    @WithDefault("PT1S")
    Duration senderInterval();

    /**
     * A message still claimed for sending after this long belongs to a sender that died mid-send:
     * it is failed, never resent. Must exceed the longest time one send can take.
     */
    @WithDefault("PT5M")
    Duration abandonedAfter();

    /** How long after a message is queued the sender looks for it (the deciding transaction commits meanwhile). */
    @WithDefault("PT0.01S")
    Duration nudgeDelay();

    /** Calls of the public tracking endpoints per second and client address (per replica). */
    @WithDefault("20")
    double trackingRequestsPerSecond();

    /** Messages claimed per sender round. */
    @WithDefault("100")
    int batchSize();

    /**
     * Messages sent at the same time per replica, each by a sender that claims one, sends it and
     * marks it before claiming the next: a crash leaves at most this many messages whose fate is
     * unknown (failed, never resent). Keep it at or below the SMTP connection pool.
     */
    @WithDefault("8")
    int sendConcurrency();
}
