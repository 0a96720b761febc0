package dev.rapport.contracts.events;

import java.util.List;

/** Household facts that matter for relevance, e.g. the birth years of the customer's children. */
public record LifeFacts(List<Integer> childrenBirthYears) {
}
