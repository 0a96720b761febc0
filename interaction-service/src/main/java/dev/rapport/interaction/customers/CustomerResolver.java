package dev.rapport.interaction.customers;

import dev.rapport.contracts.events.Identity;
import dev.rapport.contracts.events.IdentityType;
import dev.rapport.messaging.persistence.NativeSql;
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

    /** Resolves many references with at most two queries, plain SQL over arrays (planned once, whatever the count); inside the caller's session. */
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

    /** Who each identity belongs to, by the primary key (type, value): one indexed lookup per identity. */
    private Uni<Map<Identity, UUID>> owners(List<Identity> identities) {
        if (identities.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        List<Identity> distinct = identities.stream().distinct().toList();
        String[] types = distinct.stream().map(identity -> identity.type().wire()).toArray(String[]::new);
        String[] values = distinct.stream().map(Identity::value).toArray(String[]::new);
        return NativeSql.rows("""
                        SELECT k.type, k.value, k.customer_id FROM known_identity k
                        JOIN unnest(CAST(?1 AS text[]), CAST(?2 AS text[])) AS wanted(type, value)
                          ON k.type = wanted.type AND k.value = wanted.value""", types, values)
                .map(rows -> {
                    Map<Identity, UUID> owners = new HashMap<>();
                    for (Object[] row : rows) {
                        owners.put(new Identity(IdentityType.fromWire((String) row[0]), (String) row[1]), (UUID) row[2]);
                    }
                    return owners;
                });
    }

    private Uni<Map<UUID, UUID>> survivors(Set<UUID> ids) {
        if (ids.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return NativeSql.rows("SELECT merged_id, survivor_id FROM merged_customer WHERE merged_id = ANY (CAST(?1 AS uuid[]))",
                        (Object) ids.toArray(UUID[]::new))
                .map(rows -> {
                    Map<UUID, UUID> survivors = new HashMap<>();
                    for (Object[] row : rows) {
                        survivors.put((UUID) row[0], (UUID) row[1]);
                    }
                    return survivors;
                });
    }
}
