package dev.rapport.delivery;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rapport.contracts.CloudEvent;
import dev.rapport.contracts.EventTypes;
import dev.rapport.contracts.Topics;
import dev.rapport.contracts.events.CampaignCategory;
import dev.rapport.contracts.events.Channel;
import dev.rapport.contracts.events.ChannelContent;
import dev.rapport.contracts.events.ConsentPurpose;
import dev.rapport.contracts.events.ConsentState;
import dev.rapport.contracts.events.ConsentStatus;
import dev.rapport.contracts.events.ContactPoint;
import dev.rapport.contracts.events.DeliveryRequested;
import dev.rapport.contracts.events.Direction;
import dev.rapport.contracts.events.Identity;
import dev.rapport.contracts.events.IdentityType;
import dev.rapport.contracts.events.InteractionRecorded;
import dev.rapport.contracts.events.PersonName;
import dev.rapport.contracts.events.PostalAddress;
import dev.rapport.contracts.events.ProfileChanged;
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

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import static dev.rapport.delivery.DeliveryTesting.CODEC;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Poison records on every topic delivery-service consumes: not JSON, no CloudEvent, envelopes
 * missing what routes them, unknown event types, and payloads mutated field by field. A delivery
 * request it cannot decide is dead-lettered (unknown types too: the topic carries one); the event
 * topics dead-letter what cannot be read and skip unknown types (forward compatibility). Nothing
 * stored about the customer changes, nothing is sent or published for them, and a valid record sent
 * afterwards on the same key is still applied.
 */
@QuarkusTest
@WithTestResource(value = RapportTestResource.class, scope = TestResourceScope.GLOBAL,
        initArgs = @ResourceArg(name = RapportTestResource.DATABASE, value = "delivery"))
class DeliveryPoisonRecordTest {

    static final ObjectMapper JSON = CODEC.mapper();

    /** What deciding a request needs: which request, for whom, of which category, on which channels with what content. */
    static final FieldRules REQUESTED = FieldRules.parse("""
            requestId              uuid required
            customerId             uuid required
            campaignId             uuid
            campaignVersion        int
            variant                text
            offerId                text
            category               enum required
            priority               int
            allowedChannels        array required nonempty
            allowedChannels[*]     enum required
            preferredChannels      array
            preferredChannels[*]   enum required
            content                array required nonempty
            content[*]             object required
            content[*].channel     enum required
            content[*].subject     text
            content[*].html        text
            content[*].text        text required
            notBefore              instant
            expiresAt              instant
            """);

    /** The profile snapshot is kept whole for the contact policy: it must be readable; whom it is about is what matters. */
    static final FieldRules PROFILE = FieldRules.parse("""
            customerId                uuid required
            revision                  long
            name                      object
            name.title                text
            name.givenName            text
            name.familyName           text
            address                   object
            address.lines             array
            address.lines[*]          text
            address.postalCode        text
            address.city              text
            address.region            text
            address.country           text
            timeZone                  text
            locale                    text
            traits                    json
            lifeFacts                 object
            identities                array
            identities[*]             object
            identities[*].type        enum
            identities[*].value       text
            contactPoints             array
            contactPoints[*]          object required
            contactPoints[*].channel  enum required
            contactPoints[*].address  text
            contactPoints[*].valid    bool
            consents                  array
            consents[*]               object required
            consents[*].channel       enum required
            consents[*].purpose       enum required
            consents[*].status        enum required
            consents[*].source        text
            consents[*].recordedAt    instant
            preferences               object
            value                     object
            updatedAt                 instant
            """);

    /** A response joins the conversation when it is inbound and names the message or campaign it answers. */
    static final FieldRules INTERACTION = FieldRules.parse("""
            interactionId  uuid
            clientEventId  text
            customerId     uuid required
            identity       object
            channel        enum
            direction      enum required
            type           text required
            occurredAt     instant
            recordedAt     instant
            campaignId     uuid
            messageId      uuid
            variant        text
            amount         decimal
            currency       text
            details        json
            """);

    static final StoredData STORED = StoredData.ofService();

    @Test
    void deadLettersDeliveryRequestsItCannotDecideAndKeepsConsuming() {
        DeliveryBadInputTest.awaitSenderIdle();
        UUID customer = UUID.randomUUID();
        UUID request = UUID.randomUUID();
        DeliveryRequested requested = new DeliveryRequested(request, customer, UUID.randomUUID(), 1, "A", "rose-10",
                CampaignCategory.PROMOTIONAL, 5, List.of(Channel.EMAIL), List.of(Channel.EMAIL),
                List.of(new ChannelContent(Channel.EMAIL, "Roses for you", "<p>20% off roses</p>", "20% off roses")),
                null, Instant.now().plus(1, ChronoUnit.DAYS));
        String valid = CODEC.encode(CloudEvent.of("/rapport/campaign-service", EventTypes.DELIVERY_REQUESTED, customer, requested, JSON));

        List<String> failures = PoisonRecords.forConsumer(Topics.DELIVERY_REQUESTS, "delivery-service.requests", customer)
                .envelopes(valid)
                .unknownType(valid, Expect.DEAD_LETTER) // the request topic carries one type: anything else is refused
                .payloads(valid, REQUESTED, 110, 51)
                .check(STORED, Topics.DELIVERY_EVENTS, valid,
                        () -> ServiceDatabase.count("SELECT count(*) FROM delivery WHERE request_id = ?", request) == 1);

        assertTrue(failures.isEmpty(), String.join("\n", failures));
    }

    @Test
    void deadLettersPoisonProfileEventsAndKeepsConsuming() {
        DeliveryBadInputTest.awaitSenderIdle();
        UUID customer = UUID.randomUUID();
        String email = "d-" + customer.toString().substring(0, 8) + "@example.com";
        ProfileChanged snapshot = new ProfileChanged(customer, 2, new PersonName("Mr", "Joe", "Smith"),
                new PostalAddress(List.of("Hauptstr. 1"), "10115", "Berlin", null, "DE"), "Europe/Berlin", "de",
                JSON.createObjectNode(), null, List.of(new Identity(IdentityType.EMAIL, email)),
                List.of(new ContactPoint(Channel.EMAIL, email, true)),
                List.of(new ConsentState(Channel.EMAIL, ConsentPurpose.PROMOTIONAL, ConsentStatus.OPT_IN, "web", Instant.now())),
                null, null, Instant.now());
        String changed = CODEC.encode(CloudEvent.of("/rapport/profile-service", EventTypes.PROFILE_CHANGED, customer, snapshot, JSON));

        List<String> failures = PoisonRecords.forConsumer(Topics.PROFILE_EVENTS, "delivery-service.profiles", customer)
                .envelopes(changed)
                .unknownType(changed, Expect.SKIPPED)
                .payloads(changed, PROFILE, 110, 52)
                .check(STORED, Topics.DELIVERY_EVENTS, changed,
                        () -> ServiceDatabase.count("SELECT count(*) FROM customer_facts WHERE customer_id = ?", customer) == 1);

        assertTrue(failures.isEmpty(), String.join("\n", failures));
    }

    @Test
    void deadLettersPoisonInteractionEventsAndKeepsConsuming() {
        DeliveryBadInputTest.awaitSenderIdle();
        UUID customer = UUID.randomUUID();
        UUID interaction = UUID.randomUUID();
        InteractionRecorded click = new InteractionRecorded(interaction, "web-" + interaction, customer, null, Channel.EMAIL,
                Direction.INBOUND, "click", Instant.now().minusSeconds(30), Instant.now(), UUID.randomUUID(), UUID.randomUUID(), "A",
                null, null, JSON.createObjectNode().put("url", "https://shop.example.com/roses"));
        String valid = CODEC.encode(CloudEvent.of("/rapport/interaction-service", EventTypes.INTERACTION_RECORDED, customer, click, JSON));

        List<String> failures = PoisonRecords.forConsumer(Topics.INTERACTION_EVENTS, "delivery-service.interactions", customer)
                .envelopes(valid)
                .unknownType(valid, Expect.SKIPPED)
                .payloads(valid, INTERACTION, 100, 53)
                .check(STORED, Topics.DELIVERY_EVENTS, valid,
                        () -> ServiceDatabase.count("SELECT count(*) FROM conversation_entry WHERE customer_id = ? AND kind = 'response'",
                                customer) >= 1);

        assertTrue(failures.isEmpty(), String.join("\n", failures));
    }
}
