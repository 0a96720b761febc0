package dev.rapport.delivery.policy;

import dev.rapport.contracts.events.Channel;
import dev.rapport.contracts.events.ConsentState;
import dev.rapport.contracts.events.ContactPoint;
import dev.rapport.contracts.events.ContactPreferences;
import dev.rapport.contracts.events.PersonName;
import dev.rapport.contracts.events.PostalAddress;

import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * What the policy knows about the customer (from profile events) and their responses (from
 * interaction events): consents, preferences, contact points, time zone, name and address, and
 * the campaigns they responded to or converted in.
 */
public record CustomerFacts(UUID customerId, ZoneId timeZone, List<ConsentState> consents, ContactPreferences preferences,
                            List<ContactPoint> contactPoints, PersonName name, PostalAddress address,
                            Set<UUID> campaignsRespondedTo) {

    public static CustomerFacts unknown(UUID customerId) {
        return new CustomerFacts(customerId, ZoneId.of("UTC"), List.of(), null, List.of(), null, null, Set.of());
    }

    /** A channel can reach the customer: a valid contact point, or for mail a full name and address. */
    boolean reachableOn(Channel channel) {
        return switch (channel) {
            case WEB, APP -> true;
            case MAIL -> name != null && name.familyName() != null && !name.familyName().isBlank()
                    && address != null && address.lines() != null && !address.lines().isEmpty()
                    && address.city() != null && address.postalCode() != null;
            default -> contactPoints.stream().anyMatch(point -> point.channel() == channel && point.valid());
        };
    }
}
