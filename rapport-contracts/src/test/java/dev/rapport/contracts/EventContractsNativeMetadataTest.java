package dev.rapport.contracts;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.lang.reflect.WildcardType;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Native executables only see, by reflection, the types that are registered for it. Jackson reaches
 * the event payloads through plain ObjectMapper calls that Quarkus cannot trace, so this module ships
 * their registration in {@code META-INF/native-image/dev.rapport/rapport-contracts/reachability-metadata.json};
 * this test keeps that file complete when events change.
 */
class EventContractsNativeMetadataTest {

    private static final String METADATA = "META-INF/native-image/dev.rapport/rapport-contracts/reachability-metadata.json";

    @Test
    void registersEveryTypeJacksonReachesFromTheEnvelopeAndTheCatalogPayloads() throws IOException {
        Set<String> registered = registeredTypes();
        Set<String> missing = new TreeSet<>();
        for (Class<?> type : typesReachableFromEvents()) {
            if (!registered.contains(type.getName())) {
                missing.add(type.getName());
            }
        }
        assertEquals(Set.of(), missing, "add these types to " + METADATA);
    }

    @Test
    void registersOnlyTypesThatExistWithFullMemberAccess() throws IOException {
        for (JsonNode entry : metadata().get("reflection")) {
            String type = entry.get("type").asText();
            assertDoesNotThrow(() -> Class.forName(type), type + " is registered but does not exist");
            for (String access : new String[] {"allDeclaredConstructors", "allDeclaredMethods", "allDeclaredFields"}) {
                assertTrue(entry.path(access).asBoolean(), type + " lacks " + access);
            }
        }
    }

    private static Set<Class<?>> typesReachableFromEvents() {
        Set<Class<?>> seen = new LinkedHashSet<>();
        Deque<Type> pending = new ArrayDeque<>();
        pending.add(CloudEvent.class);
        EventCatalog.entries().forEach(entry -> pending.add(entry.payload()));
        while (!pending.isEmpty()) {
            Type next = pending.removeFirst();
            if (next instanceof ParameterizedType parameterized) {
                pending.add(parameterized.getRawType());
                pending.addAll(List.of(parameterized.getActualTypeArguments()));
            } else if (next instanceof WildcardType wildcard) {
                pending.addAll(List.of(wildcard.getUpperBounds()));
            } else if (next instanceof Class<?> type && type.getName().startsWith("dev.rapport.contracts") && seen.add(type)) {
                if (type.isRecord()) {
                    for (RecordComponent component : type.getRecordComponents()) {
                        pending.add(component.getGenericType());
                    }
                }
            }
        }
        return seen;
    }

    private static Set<String> registeredTypes() throws IOException {
        Set<String> types = new TreeSet<>();
        metadata().get("reflection").forEach(entry -> types.add(entry.get("type").asText()));
        return types;
    }

    private static JsonNode metadata() throws IOException {
        try (InputStream in = EventContractsNativeMetadataTest.class.getClassLoader().getResourceAsStream(METADATA)) {
            assertNotNull(in, METADATA + " is missing from the classpath");
            return EventCodec.defaultMapper().readTree(in);
        }
    }
}
