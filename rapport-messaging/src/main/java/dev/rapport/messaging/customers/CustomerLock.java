package dev.rapport.messaging.customers;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

import java.util.Collection;
import java.util.List;
import java.util.UUID;

/**
 * Per-customer locks held until the transaction ends, one lock space for everything a service
 * does for a customer: the inbox takes them for every event it applies (so an erasure never
 * interleaves with a late event's writes), and a service takes them for its own work (deciding a
 * delivery, an audience run). Taken in id order, so transactions locking several never wait for
 * each other in a circle; taking a lock already held is free.
 */
public final class CustomerLock {

    private CustomerLock() {
    }

    public static Uni<Void> lock(UUID customerId) {
        return lock(List.of(customerId));
    }

    /** Locks all of them with one statement, in id order (the rows of a function scan are taken in array order). */
    public static Uni<Void> lock(Collection<UUID> customerIds) {
        String[] ids = customerIds.stream().distinct().sorted().map(UUID::toString).toArray(String[]::new);
        if (ids.length == 0) {
            return Uni.createFrom().voidItem();
        }
        return Panache.getSession().flatMap(session -> session
                .createNativeQuery("""
                        SELECT count(*) FROM (SELECT pg_advisory_xact_lock(hashtextextended(id, 0))
                                              FROM unnest(CAST(?1 AS text[])) AS id) AS locked""", Long.class)
                .setParameter(1, ids)
                .getSingleResult())
                .replaceWithVoid();
    }
}
