package dev.rapport.contracts.events;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/** One way to recognise a customer, e.g. {@code email:joe@example.com}. */
public record Identity(IdentityType type, String value) {

    /** The {@code type:value} form used in lookups and ingest subjects. */
    public String asReference() {
        return type.wire() + ":" + value;
    }

    /**
     * Parses {@code type:value}; the value may itself contain colons.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    public static Identity parse(String reference) {
        int colon = reference == null ? -1 : reference.indexOf(':');
        if (colon <= 0 || colon == reference.length() - 1) {
            throw new IllegalArgumentException("expected type:value, e.g. email:joe@example.com");
        }
        return new Identity(IdentityType.fromWire(reference.substring(0, colon)), reference.substring(colon + 1));
    }

    /**
     * The customer id a prospect first seen with this identity gets. Every service derives the
     * same id from the same identity, so an interaction of an unknown visitor is keyed by the id
     * its profile will have.
     */
    public UUID provisionalCustomerId() {
        return UUID.nameUUIDFromBytes(("rapport:identity:" + asReference()).getBytes(StandardCharsets.UTF_8));
    }
}
