package dev.rapport.contracts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rapport.contracts.events.Channel;
import dev.rapport.contracts.events.ConsentPurpose;
import dev.rapport.contracts.events.ConsentRevoked;
import dev.rapport.contracts.events.Identity;
import dev.rapport.contracts.events.IdentityType;
import dev.rapport.contracts.events.ProfileErased;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class EventCodecTest {

    private final EventCodec codec = new EventCodec();
    private final ObjectMapper mapper = codec.mapper();

    @Test
    void roundTripsAnEnvelopeWithItsTypedPayload() {
        UUID customer = UUID.randomUUID();
        ProfileErased erased = new ProfileErased(customer, List.of(UUID.randomUUID()),
                List.of(new Identity(IdentityType.LOYALTY_CARD, "4711")), Instant.parse("2026-11-24T10:15:30Z"));
        CloudEvent event = CloudEvent.of("/rapport/profile-service", EventTypes.PROFILE_ERASED, customer, erased, mapper);

        CloudEvent decoded = codec.decode(codec.encode(event));

        assertEquals(event, decoded);
        assertEquals(customer, decoded.customerId());
        assertEquals(erased, decoded.dataAs(ProfileErased.class, mapper));
    }

    @Test
    void writesEnumsAsLowerCaseHyphenatedNamesAndTimesAsIso8601() throws Exception {
        UUID customer = UUID.randomUUID();
        ConsentRevoked revoked = new ConsentRevoked(customer, Channel.EMAIL, ConsentPurpose.PROMOTIONAL,
                "one-click-unsubscribe", "List-Unsubscribe-Post", null, Instant.parse("2026-11-24T10:15:30Z"));
        JsonNode json = mapper.readTree(codec.encode(
                CloudEvent.of("/rapport/delivery-service", EventTypes.CONSENT_REVOKED, customer, revoked, mapper)));

        assertEquals("1.0", json.get("specversion").asText());
        assertEquals(customer.toString(), json.get("subject").asText());
        assertEquals("application/json", json.get("datacontenttype").asText());
        assertEquals("email", json.get("data").get("channel").asText());
        assertEquals("promotional", json.get("data").get("purpose").asText());
        assertEquals("2026-11-24T10:15:30Z", json.get("data").get("at").asText());
        assertEquals("loyalty-card", mapper.valueToTree(IdentityType.LOYALTY_CARD).asText());
    }

    @Test
    void keepsTheChosenIdOfADeterministicEvent() {
        UUID id = UUID.nameUUIDFromBytes("campaign-1/customer-2".getBytes());
        CloudEvent event = CloudEvent.of(id, "/rapport/campaign-service", EventTypes.DELIVERY_REQUESTED, UUID.randomUUID(),
                mapper.createObjectNode(), mapper);
        assertEquals(id.toString(), codec.decode(codec.encode(event)).id());
    }

    @Test
    void ignoresFieldsAddedByANewerProducer() {
        String json = """
                {"specversion":"1.0","id":"e-1","source":"/x","type":"dev.rapport.profile.erased.v1",
                 "subject":"%s","time":"2026-11-24T10:15:30Z","newattribute":"later",
                 "data":{"customerId":"%1$s","erasedAt":"2026-11-24T10:15:30Z","addedLater":true}}
                """.formatted(UUID.randomUUID());
        CloudEvent event = codec.decode(json);
        assertEquals("e-1", event.id());
        assertEquals(Instant.parse("2026-11-24T10:15:30Z"), event.dataAs(ProfileErased.class, mapper).erasedAt());
    }

    @Test
    void rejectsRecordsThatAreNotRoutableCloudEventsWithTheReason() {
        assertEquals("empty record", reason(""));
        assertEquals("not a JSON CloudEvent: null", reason("null"));
        assertEquals("specversion must be 1.0, was 0.3", reason("""
                {"specversion":"0.3","id":"1","source":"/x","type":"t","subject":"s"}"""));
        assertEquals("id is missing", reason("""
                {"specversion":"1.0","source":"/x","type":"t","subject":"s"}"""));
        assertEquals("source is missing", reason("""
                {"specversion":"1.0","id":"1","type":"t","subject":"s"}"""));
        assertEquals("type is missing", reason("""
                {"specversion":"1.0","id":"1","source":"/x","type":" ","subject":"s"}"""));
        assertEquals("subject (customer id) is missing", reason("""
                {"specversion":"1.0","id":"1","source":"/x","type":"t"}"""));
        assertEquals(true, reason("{not json").startsWith("not a JSON CloudEvent: "));
    }

    @Test
    void reportsAPayloadThatDoesNotFitItsRecordAsMalformed() {
        CloudEvent event = codec.decode("""
                {"specversion":"1.0","id":"1","source":"/x","type":"dev.rapport.delivery.consent-revoked.v1",
                 "subject":"not-a-uuid","data":{"channel":"carrier-pigeon"}}""");

        MalformedEventException badSubject = assertThrows(MalformedEventException.class, event::customerId);
        assertEquals("subject is not a customer id: not-a-uuid", badSubject.getMessage());
        MalformedEventException badData = assertThrows(MalformedEventException.class,
                () -> event.dataAs(ConsentRevoked.class, mapper));
        assertEquals(true, badData.getMessage().startsWith("data of dev.rapport.delivery.consent-revoked.v1 does not match ConsentRevoked"),
                badData.getMessage());
    }

    private String reason(String json) {
        return assertThrows(MalformedEventException.class, () -> codec.decode(json)).getMessage();
    }
}
