package dev.rapport.delivery.customers;

import dev.rapport.contracts.events.ProfileChanged;
import dev.rapport.delivery.policy.CustomerFacts;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.ZoneId;
import java.util.HashSet;
import java.util.List;
import java.util.UUID;

/** What the contact policy knows about a customer, from the local projections. */
@ApplicationScoped
public class CustomerFactsService {

    public Uni<CustomerFacts> load(UUID customerId) {
        return CustomerFactsRow.<CustomerFactsRow>findById(customerId).flatMap(row -> Panache.getSession()
                .flatMap(session -> session.createNativeQuery(
                                "SELECT campaign_id FROM campaign_response WHERE customer_id = ?1", UUID.class)
                        .setParameter(1, customerId).getResultList())
                .map(campaigns -> row == null ? CustomerFacts.unknown(customerId) : facts(row.snapshot, new HashSet<>(campaigns))));
    }

    static CustomerFacts facts(ProfileChanged snapshot, java.util.Set<UUID> campaigns) {
        ZoneId zone;
        try {
            zone = snapshot.timeZone() == null ? ZoneId.of("UTC") : ZoneId.of(snapshot.timeZone());
        } catch (RuntimeException e) {
            zone = ZoneId.of("UTC");
        }
        return new CustomerFacts(snapshot.customerId(), zone,
                snapshot.consents() == null ? List.of() : snapshot.consents(), snapshot.preferences(),
                snapshot.contactPoints() == null ? List.of() : snapshot.contactPoints(), snapshot.name(), snapshot.address(), campaigns);
    }
}
