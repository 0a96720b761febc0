package dev.rapport.messaging;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rapport.contracts.CloudEvent;
import dev.rapport.contracts.EventCodec;
import dev.rapport.contracts.EventTypes;
import dev.rapport.contracts.events.ProfileErased;
import dev.rapport.messaging.customers.ErasedCustomers;
import dev.rapport.contracts.Topics;
import dev.rapport.infra.RapportInfrastructure;
import dev.rapport.infra.RapportTestResource;
import dev.rapport.infra.testing.ServiceDatabase;
import dev.rapport.infra.testing.ServiceTopics;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
@WithTestResource(value = RapportTestResource.class, scope = TestResourceScope.GLOBAL,
        initArgs = @ResourceArg(name = RapportTestResource.DATABASE, value = "messaging_test"))
class ReliableMessagingTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final EventCodec CODEC = new EventCodec();

    @Test
    void publishesTheEventOfACommittedChangeKeyedByCustomerAndClearsTheOutbox() throws Exception {
        UUID customer = UUID.randomUUID();

        String eventId = writeNote(customer, "first words", false, 201);

        List<ConsumerRecord<String, String>> records = ServiceTopics.readKey(NoteResource.TOPIC, customer.toString(), r -> true);
        JsonNode published = JSON.readTree(records.get(0).value());
        assertEquals(eventId, published.get("id").asText());
        assertEquals(NoteResource.TYPE, published.get("type").asText());
        assertEquals(customer.toString(), published.get("subject").asText());
        assertEquals("1.0", published.get("specversion").asText());
        assertEquals("first words", published.get("data").get("text").asText());
        assertEquals("application/cloudevents+json",
                new String(records.get(0).headers().lastHeader("content-type").value(), StandardCharsets.UTF_8));
        assertEquals(0, ServiceDatabase.awaitCount(n -> n == 0, "SELECT count(*) FROM rapport_outbox WHERE id = ?", UUID.fromString(eventId)));
        assertEquals(1, ServiceDatabase.awaitCount(n -> n >= 1, "SELECT count(*) FROM note_effect WHERE event_id = ?", eventId));
    }

    @Test
    void publishesNothingWhenTheChangeRollsBack() throws Exception {
        UUID customer = UUID.randomUUID();

        writeNote(customer, "never committed", true, 500);
        String committed = writeNote(customer, "committed", false, 201);

        // same key, same partition, relayed in commit order: a leaked event would come first
        List<ConsumerRecord<String, String>> records = ServiceTopics.readKey(NoteResource.TOPIC, customer.toString(),
                r -> r.value().contains(committed));
        assertEquals(1, records.size(), "only the committed change's event is published");
        assertEquals(1, ServiceDatabase.count("SELECT count(*) FROM note WHERE customer_id = ?", customer));
    }

    @Test
    void publishesEventsLeftInTheOutboxByAnEarlierRun() throws Exception {
        UUID customer = UUID.randomUUID();
        CloudEvent event = CloudEvent.of("/rapport/test", NoteResource.TYPE, customer,
                Map.of("noteId", UUID.randomUUID().toString(), "text", "left behind"), JSON);
        // as if the service had committed it and crashed before relaying
        ServiceDatabase.execute("INSERT INTO rapport_outbox (id, topic, message_key, event_type, payload) VALUES (?, ?, ?, ?, ?)",
                UUID.fromString(event.id()), NoteResource.TOPIC, customer.toString(), event.type(), CODEC.encode(event));

        List<ConsumerRecord<String, String>> records = ServiceTopics.readKey(NoteResource.TOPIC, customer.toString(), r -> true);

        assertEquals(event.id(), JSON.readTree(records.get(0).value()).get("id").asText());
        assertEquals(0, ServiceDatabase.awaitCount(n -> n == 0, "SELECT count(*) FROM rapport_outbox WHERE id = ?", UUID.fromString(event.id())));
    }

    @Test
    void publishesAnEventCommittedWhileKafkaIsDownOnceKafkaIsBack() throws Exception {
        UUID customer = UUID.randomUUID();
        String eventId;
        RapportInfrastructure.control("kafka.stop");
        try {
            eventId = writeNote(customer, "written while the broker is away", false, 201);
            // the relay keeps trying; the committed event waits in the outbox meanwhile
            Thread.sleep(1500);
            assertEquals(1, ServiceDatabase.count("SELECT count(*) FROM rapport_outbox WHERE id = ?", UUID.fromString(eventId)));
        } finally {
            RapportInfrastructure.control("kafka.start");
        }

        List<ConsumerRecord<String, String>> records = ServiceTopics.readKey(NoteResource.TOPIC, customer.toString(), r -> true);

        assertEquals(eventId, JSON.readTree(records.get(0).value()).get("id").asText());
        assertEquals(0, ServiceDatabase.awaitCount(n -> n == 0, "SELECT count(*) FROM rapport_outbox WHERE id = ?", UUID.fromString(eventId)));
        assertEquals(1, ServiceDatabase.awaitCount(n -> n >= 1, "SELECT count(*) FROM note_effect WHERE event_id = ?", eventId));
    }

    @Test
    void appliesAnEventDeliveredTwiceOnlyOnce() throws Exception {
        UUID customer = UUID.randomUUID();
        String twice = CODEC.encode(CloudEvent.of("/rapport/test", NoteResource.TYPE, customer, Map.of("text", "a"), JSON));
        CloudEvent after = CloudEvent.of("/rapport/test", NoteResource.TYPE, customer, Map.of("text", "b"), JSON);

        ServiceTopics.send(NoteResource.TOPIC, customer.toString(), twice, twice, CODEC.encode(after));

        // the later event is applied only after both copies were handled (one partition, in order)
        ServiceDatabase.awaitCount(n -> n >= 1, "SELECT count(*) FROM note_effect WHERE event_id = ?", after.id());
        assertEquals(2, ServiceDatabase.count("SELECT count(*) FROM note_effect WHERE customer_id = ?", customer));
        assertEquals(1, ServiceDatabase.count("SELECT count(*) FROM rapport_processed_event WHERE consumer = 'test.note-effects' AND event_id = ?",
                CODEC.decode(twice).id()));
    }

    @Test
    void anEventAboutAnErasedCustomerArrivingAfterTheErasureIsNotApplied() throws Exception {
        UUID customer = UUID.randomUUID();
        UUID mergedEarlier = UUID.randomUUID();
        UUID someoneElse = UUID.randomUUID();
        CloudEvent before = CloudEvent.of("/rapport/test", NoteResource.TYPE, customer, Map.of("text", "before"), JSON);
        CloudEvent erasure = CloudEvent.of("/rapport/profile", EventTypes.PROFILE_ERASED, customer,
                new ProfileErased(customer, List.of(mergedEarlier), List.of(), Instant.now()), CODEC.mapper());
        ServiceTopics.send(NoteResource.TOPIC, customer.toString(), CODEC.encode(before), CODEC.encode(erasure));
        ServiceDatabase.awaitCount(n -> n == 1, "SELECT count(*) FROM rapport_processed_event WHERE event_id = ?", erasure.id());
        assertEquals(0, ServiceDatabase.count("SELECT count(*) FROM note_effect WHERE customer_id = ?", customer), "the erasure purged");

        // late: still in flight on another topic when the erasure came, or naming an id merged into the customer
        CloudEvent late = CloudEvent.of("/rapport/test", NoteResource.TYPE, customer, Map.of("text", "late"), JSON);
        CloudEvent lateUnderFormerId = CloudEvent.of("/rapport/test", NoteResource.TYPE, mergedEarlier, Map.of("text", "late"), JSON);
        CloudEvent unrelated = CloudEvent.of("/rapport/test", NoteResource.TYPE, someoneElse, Map.of("text", "fine"), JSON);
        ServiceTopics.send(NoteResource.TOPIC, customer.toString(), CODEC.encode(late));
        ServiceTopics.send(NoteResource.TOPIC, mergedEarlier.toString(), CODEC.encode(lateUnderFormerId));
        ServiceTopics.send(NoteResource.TOPIC, someoneElse.toString(), CODEC.encode(unrelated));
        System.out.printf("[erasure] injected: an erasure of %s (merged earlier: %s), then late events for both ids and one for %s%n",
                customer, mergedEarlier, someoneElse);

        for (CloudEvent event : List.of(late, lateUnderFormerId, unrelated)) {
            assertEquals(1, ServiceDatabase.awaitCount(n -> n == 1, "SELECT count(*) FROM rapport_processed_event WHERE event_id = ?", event.id()),
                    "consumed: " + event.id());
        }
        assertEquals(0, ServiceDatabase.count("SELECT count(*) FROM note_effect WHERE customer_id = ?", customer));
        assertEquals(0, ServiceDatabase.count("SELECT count(*) FROM note_effect WHERE customer_id = ?", mergedEarlier));
        assertEquals(1, ServiceDatabase.count("SELECT count(*) FROM note_effect WHERE customer_id = ?", someoneElse));
        // what is remembered is a hash, not the id
        assertEquals(1, ServiceDatabase.count("SELECT count(*) FROM rapport_erased_customer WHERE id_hash = ?", ErasedCustomers.hashOf(customer)));
        assertEquals(0, ServiceDatabase.count("SELECT count(*) FROM rapport_erased_customer WHERE id_hash = ?", customer));
        System.out.println("[erasure] verified: both late events consumed and not applied (0 rows under either id), the unrelated one "
                + "applied; the service keeps only hashes of the erased ids");
    }

    @Test
    void deadLettersAMalformedRecordWithItsReasonAndKeepsConsuming() throws Exception {
        UUID customer = UUID.randomUUID();
        String garbage = "this is not an event " + customer;
        CloudEvent valid = CloudEvent.of("/rapport/test", NoteResource.TYPE, customer, Map.of("text", "fine"), JSON);
        CloudEvent unknownType = CloudEvent.of("/rapport/test", "dev.rapport.test.unheard-of.v1", customer, Map.of(), JSON);

        ServiceTopics.send(NoteResource.TOPIC, customer.toString(), garbage, CODEC.encode(unknownType), CODEC.encode(valid));

        assertEquals(1, ServiceDatabase.awaitCount(n -> n >= 1, "SELECT count(*) FROM note_effect WHERE event_id = ?", valid.id()));
        List<ConsumerRecord<String, String>> dead = ServiceTopics.readKey(Topics.DEAD_LETTER, customer.toString(),
                r -> r.value().contains(unknownType.id()));
        assertEquals(2, dead.size());
        assertEquals(garbage, dead.get(0).value());
        String reason = new String(dead.get(0).headers().lastHeader("dead-letter-reason").value(), StandardCharsets.UTF_8);
        assertFalse(reason.isBlank(), "the dead letter says why");
        assertEquals("unknown event type dev.rapport.test.unheard-of.v1",
                new String(dead.get(1).headers().lastHeader("dead-letter-reason").value(), StandardCharsets.UTF_8));
        assertEquals(0, ServiceDatabase.count("SELECT count(*) FROM rapport_processed_event WHERE event_id = ?", unknownType.id()),
                "a rejected event is not recorded as processed");
        assertTrue(ServiceDatabase.count("SELECT count(*) FROM note_effect WHERE customer_id = ?", customer) == 1);
    }

    private static String writeNote(UUID customer, String text, boolean fail, int expectedStatus) {
        return given().contentType("application/json")
                .body(Map.of("customerId", customer.toString(), "text", text, "failAfterWrite", fail))
                .when().post("/notes")
                .then().statusCode(expectedStatus)
                .extract().asString();
    }
}
