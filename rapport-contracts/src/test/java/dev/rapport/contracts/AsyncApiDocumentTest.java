package dev.rapport.contracts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.rapport.contracts.events.Channel;
import dev.rapport.contracts.events.Decision;
import dev.rapport.contracts.events.IdentityType;
import dev.rapport.contracts.events.LifecycleStage;
import dev.rapport.contracts.events.ValueTier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/** The contract document must describe exactly what the code sends, or it is worse than none. */
class AsyncApiDocumentTest {

    private static JsonNode doc;

    @BeforeAll
    static void readDocument() throws Exception {
        try (InputStream in = AsyncApiDocumentTest.class.getResourceAsStream("/asyncapi/rapport-asyncapi.yaml")) {
            assertNotNull(in, "asyncapi/rapport-asyncapi.yaml is on the classpath");
            doc = new ObjectMapper(new YAMLFactory()).readTree(in);
        }
    }

    @Test
    void describesEveryTopicAsAChannel() {
        Set<String> addresses = new TreeSet<>();
        doc.get("channels").forEach(channel -> addresses.add(channel.get("address").asText()));
        assertEquals(new TreeSet<>(Topics.all()), addresses);
    }

    @Test
    void listsEveryEventTypeOnTheChannelOfItsTopic() {
        for (EventCatalog.Entry entry : EventCatalog.entries()) {
            JsonNode channel = channelOf(entry.topic());
            Set<String> types = new TreeSet<>();
            channel.get("messages").forEach(ref -> types.add(message(ref).get("name").asText()));
            assertEquals(true, types.contains(entry.type()), entry.type() + " is on " + entry.topic());
        }
        long documented = StreamSupport.stream(doc.get("components").get("messages").spliterator(), false).count();
        assertEquals(EventCatalog.entries().size(), documented, "no documented message without an event type");
    }

    @Test
    void documentsExactlyTheFieldsOfEveryPayloadRecord() {
        for (EventCatalog.Entry entry : EventCatalog.entries()) {
            JsonNode schema = doc.get("components").get("schemas").get(entry.payload().getSimpleName());
            assertNotNull(schema, "schema " + entry.payload().getSimpleName());
            Set<String> documented = new TreeSet<>();
            schema.get("properties").fieldNames().forEachRemaining(documented::add);
            Set<String> fields = Arrays.stream(entry.payload().getRecordComponents()).map(RecordComponent::getName)
                    .collect(Collectors.toCollection(TreeSet::new));
            assertEquals(fields, documented, entry.payload().getSimpleName());
        }
    }

    @Test
    void documentsTheWireNamesOfTheEnums() {
        for (Class<? extends Enum<?>> type : java.util.List.of(Channel.class, IdentityType.class, ValueTier.class,
                LifecycleStage.class, Decision.class)) {
            Set<String> documented = new TreeSet<>();
            doc.get("components").get("schemas").get(type.getSimpleName()).get("enum").forEach(v -> documented.add(v.asText()));
            Set<String> wire = Arrays.stream(type.getEnumConstants()).map(WireName::of).collect(Collectors.toCollection(TreeSet::new));
            assertEquals(wire, documented, type.getSimpleName());
        }
    }

    private static JsonNode channelOf(String topic) {
        for (JsonNode channel : doc.get("channels")) {
            if (channel.get("address").asText().equals(topic)) {
                return channel;
            }
        }
        throw new AssertionError("no channel for " + topic);
    }

    private static JsonNode message(JsonNode ref) {
        if (!ref.has("$ref")) {
            return ref;
        }
        String name = ref.get("$ref").asText().substring("#/components/messages/".length());
        return doc.get("components").get("messages").get(name);
    }
}
