package dev.rapport.profile.value;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** Customer value scoring ({@code rapport.value.*}). */
@ConfigMapping(prefix = "rapport.value")
public interface ValueConfig {

    /** How often value tiers are recomputed after purchases changed revenue. */
    @WithDefault("PT2S")
    Duration tierRecomputeInterval();

    /** Years of future purchases counted in the expected lifetime value. */
    @WithDefault("3")
    int lifetimeHorizonYears();

    /** How often buyers are revisited so that recency and lifecycle follow the passing of time. */
    @WithDefault("PT1H")
    Duration rescoreInterval();

    /** A buyer's value is rescored when it was last computed longer ago than this. */
    @WithDefault("PT24H")
    Duration rescoreAfter();

    /** Buyers rescored per transaction. */
    @WithDefault("500")
    int rescoreBatchSize();

    /** Interaction type that counts as a purchase. */
    @WithDefault("purchase")
    String purchaseType();
}
