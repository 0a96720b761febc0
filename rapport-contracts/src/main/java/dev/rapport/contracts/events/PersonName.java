package dev.rapport.contracts.events;

/** How to address the customer; direct mail never falls back to "current resident" when this is known. */
public record PersonName(String title, String givenName, String familyName) {
}
