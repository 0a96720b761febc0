package dev.rapport.contracts.events;

/** One way to recognise a customer, e.g. {@code email:joe@example.com}. */
public record Identity(IdentityType type, String value) {

    /** The {@code type:value} form used in lookups and ingest subjects. */
    public String asReference() {
        return type.wire() + ":" + value;
    }
}
