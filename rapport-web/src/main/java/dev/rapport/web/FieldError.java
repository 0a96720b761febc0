package dev.rapport.web;

/** One thing wrong with the request: the field's JSON path (e.g. {@code preferences.quietHours.start}) and why. */
public record FieldError(String field, String message) {
}
