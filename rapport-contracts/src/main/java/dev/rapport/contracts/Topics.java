package dev.rapport.contracts;

import java.util.List;

/** The Kafka topics of SPEC section 1. Every record on them is keyed by the customer id. */
public final class Topics {

    /** Profile snapshots, merges and erasures; produced by profile-service. */
    public static final String PROFILE_EVENTS = "rapport.profile.events";
    /** Every recorded interaction, inbound and outbound; produced by interaction-service. */
    public static final String INTERACTION_EVENTS = "rapport.interaction.events";
    /** Bulk ingest of interactions by channel apps; consumed by interaction-service. */
    public static final String INTERACTION_INGEST = "rapport.interaction.ingest";
    /** What campaigns want sent; produced by campaign-service. */
    public static final String DELIVERY_REQUESTS = "rapport.delivery.requests";
    /** Every contact-policy decision, status change and tracked response; produced by delivery-service. */
    public static final String DELIVERY_EVENTS = "rapport.delivery.events";
    /** Records no consumer could parse or accept, with the reason in the {@code dead-letter-reason} header. */
    public static final String DEAD_LETTER = "rapport.dead-letter";

    private Topics() {
    }

    public static List<String> all() {
        return List.of(PROFILE_EVENTS, INTERACTION_EVENTS, INTERACTION_INGEST, DELIVERY_REQUESTS, DELIVERY_EVENTS, DEAD_LETTER);
    }
}
