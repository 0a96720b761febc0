package dev.rapport.contracts;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/**
 * The CloudEvents 1.0 envelope (structured JSON mode) around every Rapport event. The subject is
 * always the customer id, which is also the Kafka record key; {@code type} carries the payload
 * version, e.g. {@code dev.rapport.profile.changed.v1}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CloudEvent(
        String specversion,
        String id,
        String source,
        String type,
        String subject,
        Instant time,
        String datacontenttype,
        String dataschema,
        JsonNode data) {

    public static final String SPEC_VERSION = "1.0";
    public static final String JSON_CONTENT = "application/json";

    /** A new event with a random id, about one customer. */
    public static CloudEvent of(String source, String type, UUID customerId, Object data, ObjectMapper mapper) {
        return of(UUID.randomUUID(), source, type, customerId, data, mapper);
    }

    /** An event with a given id: producers that must be deterministic (a redelivered trigger) choose it. */
    public static CloudEvent of(UUID id, String source, String type, UUID customerId, Object data, ObjectMapper mapper) {
        return new CloudEvent(SPEC_VERSION, id.toString(), source, type, customerId.toString(),
                Instant.now().truncatedTo(ChronoUnit.MICROS), JSON_CONTENT, null, mapper.valueToTree(data));
    }

    /** The customer this event is about. */
    public UUID customerId() {
        try {
            return UUID.fromString(subject);
        } catch (IllegalArgumentException e) {
            throw new MalformedEventException("subject is not a customer id: " + subject, e);
        }
    }

    /** The payload as its versioned record; a payload that does not fit is malformed. */
    public <T> T dataAs(Class<T> payloadType, ObjectMapper mapper) {
        if (data == null || data.isNull() || data.isMissingNode()) {
            // handlers expect a payload; without this they fail with a NullPointerException, which is retried forever
            throw new MalformedEventException("data of " + type + " is missing");
        }
        try {
            // consumers ignore fields they do not know, whatever the mapper does for request bodies
            return mapper.readerFor(payloadType).without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).readValue(data);
        } catch (java.io.IOException | IllegalArgumentException e) {
            throw new MalformedEventException("data of " + type + " does not match " + payloadType.getSimpleName() + ": "
                    + EventCodec.firstLine(e.getMessage()), e);
        }
    }
}
