package dev.rapport.web;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.deser.std.DelegatingDeserializer;
import com.fasterxml.jackson.databind.deser.std.JsonNodeDeserializer;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.NullNode;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.Map;

/**
 * What Rapport refuses to read although Jackson would: a document followed by more text (trailing
 * garbage, a second document), text holding NUL or an unpaired surrogate (PostgreSQL cannot store
 * the first, the second would be stored as {@code ?}), and dates and timestamps outside the
 * four-digit years of RFC 3339 (PostgreSQL would refuse some and store others as infinity). Each
 * is reported like any other wrong field, with its JSON path. Applies to the mapper of the HTTP
 * API and to the one consumers read event payloads with.
 */
@Singleton
public class StrictJson implements ObjectMapperCustomizer {

    static final String BAD_TEXT = "must not contain NUL or unpaired surrogate characters";
    static final String BAD_YEAR = "must have a year from 0000 to 9999";
    private static final Instant FIRST = Instant.parse("0000-01-01T00:00:00Z");
    private static final Instant LAST = Instant.parse("9999-12-31T23:59:59.999999999Z");

    @Override
    public void customize(ObjectMapper mapper) {
        apply(mapper);
    }

    /** Makes the mapper strict; returns it. */
    public static ObjectMapper apply(ObjectMapper mapper) {
        mapper.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        SimpleModule module = new SimpleModule("rapport-strict-json");
        module.setDeserializerModifier(new BeanDeserializerModifier() {
            @Override
            public JsonDeserializer<?> modifyDeserializer(DeserializationConfig config, BeanDescription description,
                                                          JsonDeserializer<?> deserializer) {
                Class<?> type = description.getBeanClass();
                return type == String.class || isDated(type) ? new Checked(deserializer) : deserializer;
            }
        });
        module.addDeserializer(JsonNode.class, new CheckedTree());
        mapper.registerModule(module);
        return mapper;
    }

    /** Why the text cannot be stored faithfully, or null. */
    static String problem(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\u0000') {
                return BAD_TEXT;
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                } else {
                    return BAD_TEXT;
                }
            } else if (Character.isLowSurrogate(c)) {
                return BAD_TEXT;
            }
        }
        return null;
    }

    private static boolean isDated(Class<?> type) {
        return type == Instant.class || type == OffsetDateTime.class || type == ZonedDateTime.class || type == LocalDate.class
                || type == LocalDateTime.class;
    }

    private static String problem(Object value) {
        if (value instanceof String text) {
            return problem(text);
        }
        int year;
        if (value instanceof Instant instant) {
            if (instant.isBefore(FIRST) || instant.isAfter(LAST)) {
                return BAD_YEAR;
            }
            return null;
        } else if (value instanceof OffsetDateTime time) {
            year = time.withOffsetSameInstant(ZoneOffset.UTC).getYear();
        } else if (value instanceof ZonedDateTime time) {
            year = time.withZoneSameInstant(ZoneOffset.UTC).getYear();
        } else if (value instanceof LocalDate date) {
            year = date.getYear();
        } else if (value instanceof LocalDateTime time) {
            year = time.getYear();
        } else {
            return null;
        }
        return year < 0 || year > 9999 ? BAD_YEAR : null;
    }

    private static JsonMappingException refused(JsonParser parser, DeserializationContext context, Class<?> type, String reason) {
        return ValueInstantiationException.from(parser, reason, context.constructType(type), new IllegalArgumentException(reason));
    }

    /** Jackson's own deserializer, then the check of what it read. */
    private static final class Checked extends DelegatingDeserializer {

        Checked(JsonDeserializer<?> delegate) {
            super(delegate);
        }

        @Override
        protected JsonDeserializer<?> newDelegatingInstance(JsonDeserializer<?> delegate) {
            return new Checked(delegate);
        }

        @Override
        public Object deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            Object value = super.deserialize(parser, context);
            String problem = value == null ? null : problem(value);
            if (problem != null) {
                throw refused(parser, context, value.getClass(), problem);
            }
            return value;
        }
    }

    /** Free JSON (traits, details, a merge patch): every member name and text inside is checked, and the path to a bad one reported. */
    private static final class CheckedTree extends StdDeserializer<JsonNode> {

        CheckedTree() {
            super(JsonNode.class);
        }

        @Override
        public JsonNode deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            JsonNode tree = JsonNodeDeserializer.getDeserializer(JsonNode.class).deserialize(parser, context);
            Deque<Object> path = new ArrayDeque<>();
            if (findBad(tree, path)) {
                JsonMappingException e = refused(parser, context, String.class, BAD_TEXT);
                Iterator<Object> inner = path.iterator(); // innermost step first
                while (inner.hasNext()) {
                    Object step = inner.next();
                    if (step instanceof Integer index) {
                        e.prependPath(tree, index);
                    } else {
                        e.prependPath(tree, (String) step);
                    }
                }
                throw e;
            }
            return tree;
        }

        /** As Jackson's own: an explicit null is a null node, a member left out is null. */
        @Override
        public JsonNode getNullValue(DeserializationContext context) {
            return NullNode.getInstance();
        }

        @Override
        public Object getAbsentValue(DeserializationContext context) {
            return null;
        }

        /** Finds the first bad text; leaves its path in {@code path}, innermost step first. */
        private static boolean findBad(JsonNode node, Deque<Object> path) {
            if (node.isTextual()) {
                return problem(node.textValue()) != null;
            }
            if (node.isObject()) {
                Iterator<Map.Entry<String, JsonNode>> members = node.fields();
                while (members.hasNext()) {
                    Map.Entry<String, JsonNode> member = members.next();
                    if (problem(member.getKey()) != null || findBad(member.getValue(), path)) {
                        path.addLast(member.getKey());
                        return true;
                    }
                }
            } else if (node.isArray()) {
                for (int i = 0; i < node.size(); i++) {
                    if (findBad(node.get(i), path)) {
                        path.addLast(i);
                        return true;
                    }
                }
            }
            return false;
        }
    }
}
