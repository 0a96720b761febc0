package dev.rapport.interaction.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rapport.contracts.IdentityRules;
import dev.rapport.contracts.events.Direction;
import dev.rapport.contracts.events.Identity;
import dev.rapport.web.FieldError;
import dev.rapport.web.FieldErrors;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.validation.Validator;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks an interaction completely: its fields, that it names a customer, and the typed payload
 * of its type. Gives every problem with the JSON path of the field, so a batch can answer per item.
 */
@ApplicationScoped
public class InteractionValidator {

    /** Clocks of channel apps drift; an event further in the future than this is a mistake. */
    private static final Duration FUTURE_TOLERANCE = Duration.ofMinutes(5);

    /** A checked interaction, ready to store. */
    public record Checked(InteractionRequest request, Direction direction, Identity identity, JsonNode details) {
    }

    /** The outcome for one item: checked, or the problems found. */
    public record Outcome(Checked checked, List<FieldError> errors) {

        public boolean valid() {
            return errors.isEmpty();
        }
    }

    private final ObjectMapper mapper;
    private final Validator validator;

    public InteractionValidator(ObjectMapper mapper, Validator validator) {
        this.mapper = mapper;
        this.validator = validator;
    }

    /** Reads and checks one item of a batch or a topic. */
    public Outcome check(JsonNode item) {
        if (item == null || !item.isObject()) {
            return new Outcome(null, List.of(new FieldError(null, "an interaction must be a JSON object")));
        }
        try {
            return check(mapper.treeToValue(item, InteractionRequest.class));
        } catch (JsonProcessingException e) {
            return new Outcome(null, List.of(FieldErrors.of(e)));
        }
    }

    public Outcome check(InteractionRequest request) {
        List<FieldError> errors = new ArrayList<>(FieldErrors.of(validator.validate(request)));
        if (request.customerId() == null && request.identity() == null) {
            errors.add(new FieldError("customerId", "customerId or identity is required"));
        }
        Identity identity = null;
        if (request.identity() != null && request.identity().type() != null && request.identity().value() != null) {
            identity = IdentityRules.normalize(new Identity(request.identity().type(), request.identity().value()));
            IdentityRules.problem(identity).ifPresent(problem -> errors.add(new FieldError("identity.value", problem)));
        }
        if (request.occurredAt() != null && request.occurredAt().isAfter(Instant.now().plus(FUTURE_TOLERANCE))) {
            errors.add(new FieldError("occurredAt", "must not be in the future"));
        }
        Direction direction = request.direction();
        JsonNode details = InteractionTypes.orEmpty(request.details(), mapper);
        if (request.type() != null && !request.type().isBlank()) {
            var rule = InteractionTypes.rule(request.type());
            if (rule.isEmpty()) {
                errors.add(new FieldError("type", "'" + request.type() + "' is not one of " + String.join(", ", InteractionTypes.names())));
            } else {
                var typeRule = rule.get();
                if (direction == null) {
                    direction = typeRule.directions().size() == 1 ? typeRule.directions().iterator().next() : Direction.INBOUND;
                } else if (!typeRule.directions().contains(direction)) {
                    errors.add(new FieldError("direction", "a " + request.type() + " is " + typeRule.directions().iterator().next().wire()));
                }
                if (typeRule.needsAmount()) {
                    if (request.amount() == null) {
                        errors.add(new FieldError("amount", "required for a " + request.type()));
                    }
                    if (request.currency() == null) {
                        errors.add(new FieldError("currency", "required for a " + request.type()));
                    }
                }
                if (typeRule.needsMessage() && request.messageId() == null) {
                    errors.add(new FieldError("messageId", "required for a " + request.type()));
                }
                errors.addAll(checkDetails(details, typeRule.details()));
            }
        }
        if (!errors.isEmpty()) {
            errors.sort(java.util.Comparator.comparing(FieldError::field, java.util.Comparator.nullsFirst(java.util.Comparator.naturalOrder())));
            return new Outcome(null, errors);
        }
        return new Outcome(new Checked(request, direction, identity, details), List.of());
    }

    private List<FieldError> checkDetails(JsonNode details, Class<? extends Record> type) {
        if (!details.isObject()) {
            return List.of(new FieldError("details", "must be a JSON object"));
        }
        Object typed;
        try {
            typed = mapper.treeToValue(details, type);
        } catch (JsonProcessingException e) {
            FieldError error = FieldErrors.of(e);
            return List.of(new FieldError(error.field() == null ? "details" : "details." + error.field(), error.message()));
        }
        return FieldErrors.of(validator.validate(typed)).stream()
                .map(error -> new FieldError(error.field() == null ? "details" : "details." + error.field(), error.message()))
                .toList();
    }
}
