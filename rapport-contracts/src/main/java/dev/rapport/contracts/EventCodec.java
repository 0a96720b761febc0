package dev.rapport.contracts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * Turns envelopes into the JSON text on the wire and back, checking on the way in that a record
 * is a CloudEvent Rapport can route: specversion 1.0, an id, a source, a type and a subject.
 * Thread-safe.
 */
public class EventCodec {

    private final ObjectMapper mapper;

    public EventCodec() {
        this(defaultMapper());
    }

    public EventCodec(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** The mapper the contracts are written for: ISO-8601 times, tolerant of fields added by newer producers. */
    public static ObjectMapper defaultMapper() {
        return JsonMapper.builder()
                .addModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
                .build();
    }

    public ObjectMapper mapper() {
        return mapper;
    }

    public String encode(CloudEvent event) {
        try {
            return mapper.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot encode event " + event.id(), e);
        }
    }

    public CloudEvent decode(String json) {
        if (json == null || json.isBlank()) {
            throw new MalformedEventException("empty record");
        }
        CloudEvent event;
        try {
            event = mapper.readValue(json, CloudEvent.class);
        } catch (JsonProcessingException e) {
            throw new MalformedEventException("not a JSON CloudEvent: " + firstLine(e.getOriginalMessage()), e);
        }
        if (event == null) {
            throw new MalformedEventException("not a JSON CloudEvent: null");
        }
        require(CloudEvent.SPEC_VERSION.equals(event.specversion()), "specversion must be 1.0, was " + event.specversion());
        require(notBlank(event.id()), "id is missing");
        require(notBlank(event.source()), "source is missing");
        require(notBlank(event.type()), "type is missing");
        // the customer id; only bulk-ingest records may name the customer by identity (type:value) instead
        require(notBlank(event.subject()), "subject (customer id) is missing");
        return event;
    }

    static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    private static boolean notBlank(String value) {
        return value != null && !value.isBlank();
    }

    private static void require(boolean condition, String reason) {
        if (!condition) {
            throw new MalformedEventException(reason);
        }
    }
}
