package dev.rapport.profile;

import dev.rapport.contracts.CloudEvent;
import dev.rapport.contracts.EventTypes;
import dev.rapport.contracts.Topics;
import dev.rapport.contracts.events.Channel;
import dev.rapport.contracts.events.ConsentPurpose;
import dev.rapport.contracts.events.ConsentRevoked;
import dev.rapport.contracts.events.ContactPointInvalidated;
import dev.rapport.contracts.events.Direction;
import dev.rapport.contracts.events.InteractionRecorded;
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
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static dev.rapport.profile.ProfileTesting.CODEC;
import static dev.rapport.profile.ProfileTesting.JSON;
import static dev.rapport.profile.ProfileTesting.createWithEmail;
import static dev.rapport.profile.ProfileTesting.uniqueEmail;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Poison records on every topic profile-service consumes: not JSON, no CloudEvent, envelopes
 * missing what routes them, unknown event types, and payloads mutated field by field. Each is
 * dead-lettered with a reason (or, for an unknown type, skipped as the contract's forward
 * compatibility asks), nothing stored about the customer changes, and a valid record sent
 * afterwards on the same key is still applied.
 */
@QuarkusTest
@WithTestResource(value = RapportTestResource.class, scope = TestResourceScope.GLOBAL,
        initArgs = @ResourceArg(name = RapportTestResource.DATABASE, value = "profile"))
class ProfilePoisonRecordTest {

    /**
     * What profile-service needs of an interaction: whom it is about; the rest it uses when it can.
     * The type and currency are opaque text to it (an unknown type is simply no purchase; interaction-
     * service checks both at ingest).
     */
    static final FieldRules INTERACTION = FieldRules.parse("""
            interactionId  uuid
            clientEventId  text
            customerId     uuid required
            identity       object
            channel        enum
            direction      enum
            type           text
            occurredAt     instant
            recordedAt     instant
            campaignId     uuid
            messageId      uuid
            variant        text
            amount         decimal digits=15   # numeric(19,4)
            currency       text
            details        json
            """);

    static final FieldRules CONSENT_REVOKED = FieldRules.parse("""
            customerId  uuid required
            channel     enum required
            purpose     enum required
            source      text
            proof       text
            messageId   uuid
            at          instant
            """);

    static final FieldRules CONTACT_POINT_INVALIDATED = FieldRules.parse("""
            customerId  uuid required
            channel     enum required
            address     text
            reason      text
            messageId   uuid
            at          instant
            """);

    /** Bookkeeping aside, nothing in profile-service's database changes in the background without an event. */
    static final StoredData STORED = StoredData.ofService();

    @Test
    void deadLettersPoisonInteractionEventsAndKeepsConsuming() {
        UUID customer = UUID.randomUUID();
        String valid = CODEC.encode(CloudEvent.of("/rapport/interaction-service", EventTypes.INTERACTION_RECORDED, customer,
                purchase(customer), JSON));

        PoisonRecords poison = PoisonRecords.forConsumer(Topics.INTERACTION_EVENTS, "profile-service.interactions", customer)
                .envelopes(valid)
                .unknownType(valid, Expect.SKIPPED)
                .payloads(valid, INTERACTION, 120, 11);
        List<String> failures = poison.check(STORED, Topics.PROFILE_EVENTS, valid,
                () -> ServiceDatabase.count("SELECT count(*) FROM purchase WHERE customer_id = ?", customer) == 1);

        assertTrue(failures.isEmpty(), String.join("\n", failures));
    }

    @Test
    void deadLettersPoisonDeliveryEventsAndKeepsConsuming() {
        String email = uniqueEmail();
        UUID customer = createWithEmail(email);
        String revoked = CODEC.encode(CloudEvent.of("/rapport/delivery-service", EventTypes.CONSENT_REVOKED, customer,
                new ConsentRevoked(customer, Channel.EMAIL, ConsentPurpose.PROMOTIONAL, "one-click-unsubscribe",
                        "List-Unsubscribe-Post: List-Unsubscribe=One-Click", UUID.randomUUID(), Instant.now()), JSON));
        String bounced = CODEC.encode(CloudEvent.of("/rapport/delivery-service", EventTypes.CONTACT_POINT_INVALIDATED, customer,
                new ContactPointInvalidated(customer, Channel.EMAIL, email, "bounced: 550 no such user", UUID.randomUUID(), Instant.now()), JSON));

        PoisonRecords poison = PoisonRecords.forConsumer(Topics.DELIVERY_EVENTS, "profile-service.delivery", customer)
                .envelopes(revoked)
                .unknownType(revoked, Expect.SKIPPED)
                .payloads(revoked, CONSENT_REVOKED, 70, 12)
                .payloads(bounced, CONTACT_POINT_INVALIDATED, 60, 13);
        List<String> failures = new ArrayList<>(poison.check(STORED, Topics.PROFILE_EVENTS, revoked,
                () -> ServiceDatabase.count("SELECT count(*) FROM consent_record WHERE customer_id = ? AND status = 'opt-out'", customer) >= 1));

        assertTrue(failures.isEmpty(), String.join("\n", failures));
    }

    static InteractionRecorded purchase(UUID customer) {
        UUID id = UUID.randomUUID();
        return new InteractionRecorded(id, "pos-" + id, customer, null, Channel.STORE, Direction.INBOUND, "purchase",
                Instant.now().minusSeconds(60), Instant.now(), null, null, null, new BigDecimal("20.00"), "EUR",
                JSON.createObjectNode().put("orderId", "o-1"));
    }
}
