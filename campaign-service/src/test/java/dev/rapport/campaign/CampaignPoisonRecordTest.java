package dev.rapport.campaign;

import com.fasterxml.jackson.databind.ObjectMapper;
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
import dev.rapport.contracts.events.InteractionRecorded;
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

import static dev.rapport.campaign.CampaignTesting.CODEC;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Poison records on every topic campaign-service consumes: not JSON, no CloudEvent, envelopes
 * missing what routes them, unknown event types (skipped: forward compatibility), and payloads
 * mutated field by field. Each is dead-lettered with a reason or skipped, nothing stored about the
 * customer changes (nor is anything requested for them), and a valid record sent afterwards on the
 * same key is still applied.
 */
@QuarkusTest
@WithTestResource(value = RapportTestResource.class, scope = TestResourceScope.GLOBAL,
        initArgs = @ResourceArg(name = RapportTestResource.DATABASE, value = "campaign"))
class CampaignPoisonRecordTest {

    static final ObjectMapper JSON = CODEC.mapper();

    /** The profile snapshot is kept whole for segment rules: it must be readable; whom it is about is what matters. */
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
            identities[*]             object
            identities[*].type        enum
            identities[*].value       text
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

    /** What the projection and the triggers need of an interaction: who, what and when; the rest they use when they can. */
    static final FieldRules INTERACTION = FieldRules.parse("""
            interactionId  uuid
            clientEventId  text
            customerId     uuid required
            identity       object
            channel        enum
            direction      enum
            type           text required
            occurredAt     instant required
            recordedAt     instant
            campaignId     uuid
            messageId      uuid
            variant        text
            amount         decimal digits=15   # numeric(19,4)
            currency       text
            details        json
            """);

    /** What attribution needs of a decision: which request of which campaign, and the decision. */
    static final FieldRules DECIDED = FieldRules.parse("""
            requestId      uuid required
            messageId      uuid
            customerId     uuid
            campaignId     uuid required
            variant        text
            offerId        text
            category       enum
            channel        enum
            decision       enum required
            reason         text
            deferredUntil  instant
            decidedAt      instant
            """);

    static final FieldRules RESPONSE = FieldRules.parse("""
            messageId   uuid required
            customerId  uuid
            campaignId  uuid required
            variant     text
            offerId     text
            channel     enum
            kind        enum required
            target      text
            at          instant required
            """);

    /** Audience runs record their progress in the background. */
    static final StoredData STORED = StoredData.ofService().excluding("audience_run");

    @Test
    void deadLettersPoisonProfileEventsAndKeepsConsuming() {
        UUID customer = UUID.randomUUID();
        String email = "c-" + customer.toString().substring(0, 8) + "@example.com";
        ProfileChanged snapshot = new ProfileChanged(customer, 3, new PersonName("Ms", "Ada", "Byron"), null, "Europe/London", "en-GB",
                JSON.createObjectNode().put("marker", "poison"), null, List.of(new Identity(IdentityType.EMAIL, email)),
                List.of(new ContactPoint(Channel.EMAIL, email, true)),
                List.of(new ConsentState(Channel.EMAIL, ConsentPurpose.PROMOTIONAL, ConsentStatus.OPT_IN, "web", Instant.now())),
                null, null, Instant.now());
        String changed = CODEC.encode(CloudEvent.of("/rapport/profile-service", EventTypes.PROFILE_CHANGED, customer, snapshot, JSON));

        List<String> failures = PoisonRecords.forConsumer(Topics.PROFILE_EVENTS, "campaign-service.profiles", customer)
                .envelopes(changed)
                .unknownType(changed, Expect.SKIPPED)
                .payloads(changed, PROFILE, 110, 41)
                .check(STORED, Topics.DELIVERY_REQUESTS, changed,
                        () -> ServiceDatabase.count("SELECT count(*) FROM customer WHERE customer_id = ? AND snapshot IS NOT NULL", customer) == 1);

        assertTrue(failures.isEmpty(), String.join("\n", failures));
    }

    @Test
    void deadLettersPoisonInteractionEventsAndKeepsConsuming() {
        UUID customer = UUID.randomUUID();
        ObjectNode details = JSON.createObjectNode().put("orderId", "o-1");
        details.putArray("items").addObject().put("sku", "rake").put("category", "garden").put("quantity", 1);
        UUID interaction = UUID.randomUUID();
        InteractionRecorded purchase = new InteractionRecorded(interaction, "pos-" + interaction, customer, null, Channel.STORE,
                Direction.INBOUND, "purchase", Instant.now().minusSeconds(60), Instant.now(), null, null, null, new BigDecimal("30.00"),
                "EUR", details);
        String valid = CODEC.encode(CloudEvent.of("/rapport/interaction-service", EventTypes.INTERACTION_RECORDED, customer, purchase, JSON));

        List<String> failures = PoisonRecords.forConsumer(Topics.INTERACTION_EVENTS, "campaign-service.interactions", customer)
                .envelopes(valid)
                .unknownType(valid, Expect.SKIPPED)
                .payloads(valid, INTERACTION, 110, 42)
                .check(STORED, Topics.DELIVERY_REQUESTS, valid,
                        () -> ServiceDatabase.count("SELECT count(*) FROM customer_purchase WHERE interaction_id = ?", interaction) == 1);

        assertTrue(failures.isEmpty(), String.join("\n", failures));
    }

    @Test
    void deadLettersPoisonDeliveryEventsAndKeepsConsuming() {
        UUID customer = UUID.randomUUID();
        UUID campaign = UUID.randomUUID();
        UUID request = UUID.randomUUID();
        UUID message = UUID.randomUUID();
        // the entry the delivery events report on, as an enrolment would have written it
        ServiceDatabase.execute("""
                INSERT INTO campaign_request (request_id, campaign_id, campaign_version, customer_id, variant, holdout, requested_at)
                VALUES (?, ?, 1, ?, 'A', false, now())""", request, campaign, customer);
        String decided = CODEC.encode(CloudEvent.of("/rapport/delivery-service", EventTypes.DELIVERY_DECIDED, customer,
                new DeliveryDecided(request, message, customer, campaign, "A", null, CampaignCategory.PROMOTIONAL, Channel.EMAIL,
                        Decision.SENT, null, null, Instant.now()), JSON));
        String clicked = CODEC.encode(CloudEvent.of("/rapport/delivery-service", EventTypes.RESPONSE_TRACKED, customer,
                new ResponseTracked(message, customer, campaign, "A", null, Channel.EMAIL, ResponseKind.CLICK,
                        "https://shop.example.com/roses", Instant.now()), JSON));

        List<String> failures = PoisonRecords.forConsumer(Topics.DELIVERY_EVENTS, "campaign-service.delivery", customer)
                .envelopes(decided)
                .unknownType(decided, Expect.SKIPPED)
                .payloads(decided, DECIDED, 70, 43)
                .payloads(clicked, RESPONSE, 60, 44)
                .check(STORED, Topics.DELIVERY_REQUESTS, decided,
                        () -> ServiceDatabase.count("SELECT count(*) FROM campaign_request WHERE request_id = ? AND decision = 'sent'", request) == 1);

        assertTrue(failures.isEmpty(), String.join("\n", failures));
    }
}
