package dev.rapport.contracts;

import java.util.List;

/**
 * The CloudEvent {@code type} of every Rapport event. The trailing {@code .vN} is the payload
 * version: a breaking payload change gets a new type, and consumers keep reading the old one
 * until no producer emits it.
 */
public final class EventTypes {

    public static final String PROFILE_CHANGED = "dev.rapport.profile.changed.v1";
    public static final String PROFILE_MERGED = "dev.rapport.profile.merged.v1";
    public static final String PROFILE_ERASED = "dev.rapport.profile.erased.v1";

    public static final String INTERACTION_RECORDED = "dev.rapport.interaction.recorded.v1";
    public static final String INTERACTION_SUBMITTED = "dev.rapport.interaction.submitted.v1";

    public static final String DELIVERY_REQUESTED = "dev.rapport.delivery.requested.v1";

    public static final String DELIVERY_DECIDED = "dev.rapport.delivery.decided.v1";
    public static final String DELIVERY_STATUS_CHANGED = "dev.rapport.delivery.status-changed.v1";
    public static final String RESPONSE_TRACKED = "dev.rapport.delivery.response-tracked.v1";
    public static final String CONSENT_REVOKED = "dev.rapport.delivery.consent-revoked.v1";
    public static final String CONTACT_POINT_INVALIDATED = "dev.rapport.delivery.contact-point-invalidated.v1";

    private EventTypes() {
    }

    public static List<String> all() {
        return EventCatalog.entries().stream().map(EventCatalog.Entry::type).toList();
    }
}
