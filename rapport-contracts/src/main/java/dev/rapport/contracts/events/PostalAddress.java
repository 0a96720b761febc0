package dev.rapport.contracts.events;

import java.util.List;

/** A postal address as printed on an envelope; country is ISO 3166-1 alpha-2. */
public record PostalAddress(List<String> lines, String postalCode, String city, String region, String country) {
}
