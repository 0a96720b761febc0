package dev.rapport.messaging.customers;

import dev.rapport.contracts.CloudEvent;
import dev.rapport.contracts.EventCodec;
import dev.rapport.contracts.EventTypes;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The customers erased from this service, so that an event about one of them arriving after the
 * erasure (from another topic, or still in flight) does not bring the customer back. Only a
 * one-way hash of each id is kept: nothing about the customer remains, yet an event naming the id
 * is recognised. Kept by the inbox: an erasure event records every id the customer was known by.
 */
@ApplicationScoped
public class ErasedCustomers {

    private final EventCodec codec;

    public ErasedCustomers(EventCodec codec) {
        this.codec = codec;
    }

    /** The first 16 bytes of SHA-256 over {@code rapport:erased:<id>}. */
    public static UUID hashOf(UUID customerId) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(("rapport:erased:" + customerId).getBytes(StandardCharsets.UTF_8));
            ByteBuffer bytes = ByteBuffer.wrap(digest);
            return new UUID(bytes.getLong(), bytes.getLong());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /**
     * Whether the event is about a customer erased here before; never for an erasure itself, which
     * is applied again if it comes again. Events keyed by an identity (bulk ingest) are not about an id.
     */
    public Uni<Boolean> isAboutErased(CloudEvent event) {
        return erasedAmong(List.of(event)).map(erased -> !erased.isEmpty());
    }

    /**
     * Of these events' subjects, the ones erased here before (erasures themselves aside, and events
     * keyed by an identity), with one query.
     */
    public Uni<Set<UUID>> erasedAmong(Collection<CloudEvent> events) {
        Map<UUID, UUID> byHash = new HashMap<>();
        for (CloudEvent event : events) {
            UUID customerId = EventCustomers.subject(event);
            if (customerId != null && !EventTypes.PROFILE_ERASED.equals(event.type())) {
                byHash.put(hashOf(customerId), customerId);
            }
        }
        if (byHash.isEmpty()) {
            return Uni.createFrom().item(new HashSet<>());
        }
        return Panache.getSession().flatMap(session -> session
                .createNativeQuery("SELECT id_hash FROM rapport_erased_customer WHERE id_hash = ANY (CAST(:hashes AS uuid[]))", UUID.class)
                .setParameter("hashes", byHash.keySet().toArray(UUID[]::new))
                .getResultList()
                .map(found -> {
                    Set<UUID> erased = new HashSet<>();
                    found.forEach(hash -> erased.add(byHash.get(hash)));
                    return erased;
                }));
    }

    /** Whether the event is about one of the customers given (the subject; erasures never are). */
    public static boolean isAbout(CloudEvent event, Set<UUID> customers) {
        UUID customerId = EventCustomers.subject(event);
        return customerId != null && !EventTypes.PROFILE_ERASED.equals(event.type()) && customers.contains(customerId);
    }

    /** After an erasure event was applied: remembers every id the customer was known by. */
    public Uni<Void> recordIfErasure(CloudEvent event) {
        if (!EventTypes.PROFILE_ERASED.equals(event.type())) {
            return Uni.createFrom().voidItem();
        }
        UUID[] hashes = EventCustomers.of(event, codec.mapper()).stream().map(ErasedCustomers::hashOf).toArray(UUID[]::new);
        return Panache.getSession().flatMap(session -> session
                .createNativeQuery("INSERT INTO rapport_erased_customer (id_hash) SELECT unnest(CAST(:hashes AS uuid[])) ON CONFLICT DO NOTHING")
                .setParameter("hashes", hashes)
                .executeUpdate()
                .replaceWithVoid());
    }
}
