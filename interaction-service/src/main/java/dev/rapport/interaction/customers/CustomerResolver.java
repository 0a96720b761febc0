package dev.rapport.interaction.customers;

import dev.rapport.contracts.events.Identity;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Which customer an interaction belongs to, from the local projection of profile events: a
 * merged id resolves to its survivor, a known identity to its customer, an unknown identity to
 * its provisional id (the id profile-service gives the prospect it creates for it).
 */
@ApplicationScoped
public class CustomerResolver {

    /** A customer to resolve: by id, or by identity if no id is given. */
    public record Reference(UUID customerId, Identity identity) {
    }

    /** Resolves many references with two queries; inside the caller's session. */
    public Uni<Map<Reference, UUID>> resolve(Collection<Reference> references) {
        Set<UUID> ids = new java.util.HashSet<>();
        List<Identity> identities = new ArrayList<>();
        for (Reference reference : references) {
            if (reference.customerId() != null) {
                ids.add(reference.customerId());
            } else {
                identities.add(reference.identity());
            }
        }
        return owners(identities).flatMap(owners -> {
            Set<UUID> candidates = new java.util.HashSet<>(ids);
            candidates.addAll(owners.values());
            return survivors(candidates).map(survivors -> {
                Map<Reference, UUID> resolved = new HashMap<>();
                for (Reference reference : references) {
                    UUID id = reference.customerId() != null ? reference.customerId()
                            : owners.getOrDefault(reference.identity(), reference.identity().provisionalCustomerId());
                    resolved.put(reference, survivors.getOrDefault(id, id));
                }
                return resolved;
            });
        });
    }

    /** The live id for one customer id. */
    public Uni<UUID> survivorOf(UUID id) {
        return survivors(Set.of(id)).map(survivors -> survivors.getOrDefault(id, id));
    }

    private Uni<Map<Identity, UUID>> owners(List<Identity> identities) {
        if (identities.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        List<String> keys = identities.stream().map(Identity::asReference).distinct().toList();
        return Panache.getSession().flatMap(session -> session.createSelectionQuery(
                        "from KnownIdentity k where concat(k.type, ':', k.value) in :keys", KnownIdentity.class)
                .setParameter("keys", keys)
                .getResultList())
                .map(rows -> {
                    Map<Identity, UUID> owners = new HashMap<>();
                    for (KnownIdentity row : rows) {
                        owners.put(row.identity(), row.customerId);
                    }
                    return owners;
                });
    }

    private Uni<Map<UUID, UUID>> survivors(Set<UUID> ids) {
        if (ids.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return Panache.getSession().flatMap(session -> session.createSelectionQuery(
                        "from MergedCustomer m where m.mergedId in :ids", MergedCustomer.class)
                .setParameter("ids", ids)
                .getResultList())
                .map(rows -> {
                    Map<UUID, UUID> survivors = new HashMap<>();
                    for (MergedCustomer row : rows) {
                        survivors.put(row.mergedId, row.survivorId);
                    }
                    return survivors;
                });
    }
}
