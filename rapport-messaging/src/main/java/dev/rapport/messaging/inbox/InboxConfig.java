package dev.rapport.messaging.inbox;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** Idempotent consumption ({@code rapport.inbox.*}). */
@ConfigMapping(prefix = "rapport.inbox")
public interface InboxConfig {

    /** First wait before retrying an event whose processing failed (e.g. database unreachable). */
    @WithDefault("PT0.1S")
    Duration retryInitialBackoff();

    /** Longest wait between retries; a failing event is retried until it succeeds, keeping its partition in order. */
    @WithDefault("PT10S")
    Duration retryMaxBackoff();

    /**
     * How long processed event ids are remembered. Must exceed the topics' retention: a record
     * older than that cannot be redelivered.
     */
    @WithDefault("P8D")
    Duration retention();

    /** How often forgotten ids are purged. */
    @WithDefault("PT1H")
    Duration purgeInterval();
}
