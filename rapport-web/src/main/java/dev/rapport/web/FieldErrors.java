package dev.rapport.web;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.PropertyBindingException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import jakarta.validation.ConstraintViolation;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

/**
 * Turns what Jackson and Bean Validation report into field errors a client understands: the JSON
 * path of the field and what was expected, never a Java type. Used by the problem mapper and by
 * endpoints that report per item (batch ingest).
 */
public final class FieldErrors {

    private FieldErrors() {
    }

    /** What is wrong with a body Jackson could not read. */
    public static FieldError of(JsonProcessingException e) {
        if (e instanceof PropertyBindingException) {
            return new FieldError(JsonPaths.of((JsonMappingException) e), "unknown field");
        }
        if (e instanceof InvalidFormatException format) {
            return new FieldError(JsonPaths.of(format), "expected " + (format.getTargetType() == null ? "another value" : describe(format.getTargetType())));
        }
        if (e instanceof MismatchedInputException mismatch) {
            return new FieldError(JsonPaths.of(mismatch), "expected " + (mismatch.getTargetType() == null ? "another type" : describe(mismatch.getTargetType())));
        }
        if (e instanceof ValueInstantiationException refused) {
            Throwable cause = refused.getCause();
            return new FieldError(JsonPaths.of(refused), cause instanceof IllegalArgumentException && cause.getMessage() != null
                    ? cause.getMessage() : "not a valid value");
        }
        if (e instanceof JsonMappingException mapping) {
            return new FieldError(JsonPaths.of(mapping), "not a valid value");
        }
        if (e instanceof JsonParseException parse && parse.getLocation() != null) {
            return new FieldError(null, "not valid JSON at line " + parse.getLocation().getLineNr() + ", column " + parse.getLocation().getColumnNr());
        }
        return new FieldError(null, "not valid JSON");
    }

    /** The violations as field errors, ordered by field. */
    public static List<FieldError> of(Collection<? extends ConstraintViolation<?>> violations) {
        return violations.stream()
                .map(v -> new FieldError(JsonPaths.of(v), v.getMessage()))
                .sorted(Comparator.comparing(FieldError::field, Comparator.nullsFirst(Comparator.naturalOrder()))
                        .thenComparing(FieldError::message))
                .toList();
    }

    /** A one-line summary for the problem's detail. */
    public static String detail(List<FieldError> errors) {
        if (errors.size() == 1) {
            FieldError only = errors.get(0);
            return only.field() == null ? only.message() : only.field() + ": " + only.message();
        }
        return errors.size() + " fields are not valid";
    }

    /** The JSON type a client should have sent, without Java class names. */
    static String describe(Class<?> type) {
        if (type == String.class || type == Character.class || type == char.class) {
            return "a string";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class
                || type == Short.class || type == short.class) {
            return "an integer";
        }
        if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
            return "a number";
        }
        if (type == UUID.class) {
            return "a UUID";
        }
        if (java.time.temporal.Temporal.class.isAssignableFrom(type)) {
            return type == java.time.LocalTime.class ? "a time like 22:00" : type == java.time.LocalDate.class
                    ? "a date like 2026-11-24" : "an ISO-8601 timestamp like 2026-11-24T10:15:30Z";
        }
        if (type.isEnum()) {
            return "one of the documented values";
        }
        if (type.isArray() || java.util.Collection.class.isAssignableFrom(type)) {
            return "an array";
        }
        return "an object";
    }
}
