package dev.rapport.interaction;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rapport.contracts.CloudEvent;
import dev.rapport.contracts.EventTypes;
import dev.rapport.contracts.Topics;
import dev.rapport.contracts.events.CampaignCategory;
import dev.rapport.contracts.events.Channel;
import dev.rapport.contracts.events.ConsentPurpose;
import dev.rapport.contracts.events.ConsentState;
import dev.rapport.contracts.events.ConsentStatus;
import dev.rapport.contracts.events.ContactPoint;
import dev.rapport.contracts.events.Decision;
import dev.rapport.contracts.events.DeliveryDecided;
import dev.rapport.contracts.events.Direction;
import dev.rapport.contracts.events.Identity;
import dev.rapport.contracts.events.IdentityType;
import dev.rapport.contracts.events.InteractionSubmitted;
import dev.rapport.contracts.events.PersonName;
import dev.rapport.contracts.events.ProfileChanged;
import dev.rapport.contracts.events.ResponseKind;
import dev.rapport.contracts.events.ResponseTracked;
import dev.rapport.infra.RapportTestResource;
import dev.rapport.infra.testing.FieldRules;
import dev.rapport.infra.testing.PoisonRecords;
import dev.rapport.infra.testing.PoisonRecords.Expect;
import dev.rapport.infra.testing.ServiceDatabase;
import dev.rapport.infra.testing.StoredData;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static dev.rapport.interaction.InteractionTesting.CODEC;
import static dev.rapport.interaction.InteractionTesting.JSON;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Poison records on every topic interaction-service consumes: not JSON, no CloudEvent, envelopes
 * missing what routes them, unknown event types, and payloads mutated field by field. Bulk ingest
 * checks like the HTTP API and dead-letters everything it refuses, unknown types included; the
 * event topics dead-letter what cannot be read and skip unknown types (forward compatibility). In
 * every case nothing stored about the customer changes, and a valid record sent afterwards on the
 * same key is still applied.
 */
@QuarkusTest
@WithTestResource(value = RapportTestResource.class, scope = TestResourceScope.GLOBAL,
        initArgs = @ResourceArg(name = RapportTestResource.DATABASE, value = "interaction"))
class InteractionPoisonRecordTest {

    /** An interaction submitted for bulk ingest: the HTTP API's rules (InteractionBadInputTest). */
    static final FieldRules SUBMITTED = FieldRules.parse("""
            clientEventId             text required notblank max=200
            customerId                uuid required
            identity                  object
            channel                   enum required
            direction                 enum
            type                      code required
            occurredAt                instant required
            campaignId                uuid
            messageId                 uuid
            amount                    decimal required min=0 scale=4 digits=15
            currency                  code required
            details                   object
            details.orderId           text max=100
            details.items             array max=500
            details.items[*]          object required
            details.items[*].sku      text required notblank max=100
            details.items[*].category text max=100
            details.items[*].quantity int required min=1
            details.items[*].price    decimal min=0
            """);

    /** What interaction-service needs of a decision: which message to whom on which channel, sent when. */
    static final FieldRules DECIDED = FieldRules.parse("""
            requestId      uuid
            messageId      uuid required
            customerId     uuid required
            campaignId     uuid
            variant        text
            offerId        text
            category       enum
            channel        enum required
            decision       enum required
            reason         text
            deferredUntil  instant
            decidedAt      instant required
            """);

    static final FieldRules RESPONSE = FieldRules.parse("""
            messageId   uuid required
            customerId  uuid required
            campaignId  uuid
            variant     text
            offerId     text
            channel     enum required
            kind        enum required
            target      text
            at          instant required
            """);

    /** What interaction-service needs of a profile: whom it is about and its identities; the rest must merely be readable. */
    static final FieldRules PROFILE = FieldRules.parse("""
            customerId                uuid required
            revision                  long
            name                      object
            name.title                text
            name.givenName            text
            name.familyName           text
            address                   object
            timeZone                  text
            locale                    text
            traits                    json
            lifeFacts                 object
            identities                array
            identities[*]             object required
            identities[*].type        enum required
            identities[*].value       text required
            contactPoints             array
            contactPoints[*]          object
            contactPoints[*].channel  enum
            contactPoints[*].address  text
            contactPoints[*].valid    bool
            consents                  array
            consents[*]               object
            consents[*].channel       enum
            consents[*].purpose       enum
            consents[*].status        enum
            consents[*].source        text
            consents[*].recordedAt    instant
            preferences               object
            value                     object
            updatedAt                 instant
            """);

    static final StoredData STORED = StoredData.ofService();

    @Test
    void deadLettersEveryRecordBulkIngestRefusesAndKeepsConsuming() {
        UUID customer = UUID.randomUUID();
        ObjectNode details = JSON.createObjectNode().put("orderId", "o-1");
        details.putArray("items").addObject().put("sku", "rose-1").put("category", "garden").put("quantity", 2).put("price", 10.25);
        InteractionSubmitted purchase = new InteractionSubmitted("kiosk-" + UUID.randomUUID(), customer, null, Channel.STORE,
                Direction.INBOUND, "purchase", Instant.now().minusSeconds(60), UUID.randomUUID(), UUID.randomUUID(),
                new BigDecimal("20.5"), "EUR", details);
        String valid = CODEC.encode(CloudEvent.of("/pos", EventTypes.INTERACTION_SUBMITTED, customer, purchase, JSON));

        List<String> failures = PoisonRecords.forConsumer(Topics.INTERACTION_INGEST, "interaction-service.ingest", customer)
                .envelopes(valid)
                .unknownType(valid, Expect.DEAD_LETTER) // the ingest topic carries one type: anything else is refused
                .validatedPayloads(valid, SUBMITTED, 110, 21)
                .check(STORED, Topics.INTERACTION_EVENTS, valid,
                        () -> ServiceDatabase.count("SELECT count(*) FROM interaction WHERE client_event_id = ?", purchase.clientEventId()) == 1);

        assertTrue(failures.isEmpty(), String.join("\n", failures));
    }

    @Test
    void deadLettersPoisonDeliveryEventsAndKeepsConsuming() {
        UUID customer = UUID.randomUUID();
        UUID message = UUID.randomUUID();
        String decided = CODEC.encode(CloudEvent.of("/rapport/delivery-service", EventTypes.DELIVERY_DECIDED, customer,
                new DeliveryDecided(UUID.randomUUID(), message, customer, UUID.randomUUID(), "A", "rose-10", CampaignCategory.PROMOTIONAL,
                        Channel.EMAIL, Decision.SENT, null, null, Instant.now()), JSON));
        String tracked = CODEC.encode(CloudEvent.of("/rapport/delivery-service", EventTypes.RESPONSE_TRACKED, customer,
                new ResponseTracked(message, customer, UUID.randomUUID(), "A", "rose-10", Channel.EMAIL, ResponseKind.CLICK,
                        "https://shop.example.com/roses", Instant.now()), JSON));

        List<String> failures = PoisonRecords.forConsumer(Topics.DELIVERY_EVENTS, "interaction-service.delivery", customer)
                .envelopes(decided)
                .unknownType(decided, Expect.SKIPPED)
                .payloads(decided, DECIDED, 70, 22)
                .payloads(tracked, RESPONSE, 60, 23)
                .check(STORED, Topics.INTERACTION_EVENTS, decided,
                        () -> ServiceDatabase.count("SELECT count(*) FROM interaction WHERE client_event_id = ?", "delivery:" + message) == 1);

        assertTrue(failures.isEmpty(), String.join("\n", failures));
    }

    @Test
    void deadLettersPoisonProfileEventsAndKeepsConsuming() {
        UUID customer = UUID.randomUUID();
        String email = "p-" + customer.toString().substring(0, 8) + "@example.com";
        ProfileChanged snapshot = new ProfileChanged(customer, 3, new PersonName("Ms", "Ada", "Byron"), null, "Europe/London", "en-GB",
                JSON.createObjectNode().put("vip", true), null, List.of(new Identity(IdentityType.EMAIL, email)),
                List.of(new ContactPoint(Channel.EMAIL, email, true)),
                List.of(new ConsentState(Channel.EMAIL, ConsentPurpose.PROMOTIONAL, ConsentStatus.OPT_IN, "web", Instant.now())),
                null, null, Instant.now());
        String changed = CODEC.encode(CloudEvent.of("/rapport/profile-service", EventTypes.PROFILE_CHANGED, customer, snapshot, JSON));

        List<String> failures = PoisonRecords.forConsumer(Topics.PROFILE_EVENTS, "interaction-service.profiles", customer)
                .envelopes(changed)
                .unknownType(changed, Expect.SKIPPED)
                .payloads(changed, PROFILE, 110, 24)
                .check(STORED, Topics.INTERACTION_EVENTS, changed,
                        () -> ServiceDatabase.count("SELECT count(*) FROM known_identity WHERE customer_id = ?", customer) >= 1);

        assertTrue(failures.isEmpty(), String.join("\n", failures));
    }
}
