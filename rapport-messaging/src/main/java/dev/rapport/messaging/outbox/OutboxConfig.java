package dev.rapport.messaging.outbox;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** Tuning of the outbox relay ({@code rapport.outbox.*}). */
@ConfigMapping(prefix = "rapport.outbox")
public interface OutboxConfig {

    /** Whether this instance relays outbox rows to Kafka (one instance at a time does, by database lock). */
    @WithDefault("true")
    boolean relayEnabled();

    /** Rows published per relay transaction. */
    @WithDefault("500")
    int batchSize();

    /** First poll delay after an empty look; doubles up to {@link #maxPollInterval()}. */
    @WithDefault("PT0.001S")
    Duration minPollInterval();

    /** Longest wait between looks when idle: bounds the delay for rows committed by other replicas. */
    @WithDefault("PT0.5S")
    Duration maxPollInterval();

    /** Wait after a failed relay attempt (Kafka or database unreachable). */
    @WithDefault("PT1S")
    Duration retryInterval();
}
