package dev.rapport.delivery;

import dev.rapport.contracts.events.Channel;
import dev.rapport.infra.RapportTestResource;
import dev.rapport.infra.testing.Eventually;
import dev.rapport.infra.testing.ServiceDatabase;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import static dev.rapport.delivery.DeliveryTesting.customer;
import static dev.rapport.delivery.DeliveryTesting.post;
import static dev.rapport.delivery.DeliveryTesting.request;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
@WithTestResource(value = RapportTestResource.class, scope = TestResourceScope.GLOBAL,
        initArgs = @ResourceArg(name = RapportTestResource.DATABASE, value = "delivery"))
@WithTestResource(value = ProviderReceiver.class, scope = TestResourceScope.GLOBAL)
class StoredChannelsTest {

    @Test
    void printsDirectMailWithTheCustomersRealNameAndAddressAndSkipsCustomersWithoutOne() throws Exception {
        UUID withAddress = UUID.randomUUID();
        customer(withAddress, "UTC", null, Channel.MAIL);
        String messageId = post(request(withAddress, "promotional", List.of("mail"), null)).statusCode(201)
                .body("decision", equalTo("sent")).extract().path("messageId");
        Eventually.await(() -> ServiceDatabase.count("SELECT count(*) FROM channel_item WHERE message_id = ?", UUID.fromString(messageId)), n -> n == 1);
        UUID unknown = UUID.randomUUID();
        post(request(unknown, "promotional", List.of("mail"), null)).statusCode(201).body("decision", equalTo("suppressed"));

        String csv = given().get("/api/v1/direct-mail/batches/" + LocalDate.now(ZoneOffset.UTC)).then().statusCode(200)
                .contentType("text/csv").extract().asString();
        String line = csv.lines().filter(l -> l.startsWith(messageId)).findFirst().orElseThrow();
        assertEquals(messageId + ",,Joe,Smith,Hauptstr. 1,,10115,Berlin,DE,\"Roses for you, Joe\",20% off roses", line);
        assertTrue(!csv.toLowerCase().contains("current resident"));
        given().get("/api/v1/direct-mail/batches/yesterday").then().statusCode(400).body("errors[0].field", equalTo("date"));
    }

    @Test
    void putsWebMessagesInTheInboxAndCallsInTheAgentQueue() throws Exception {
        UUID id = UUID.randomUUID();
        customer(id, "UTC", null, Channel.WEB, Channel.PHONE);
        post(request(id, "service", List.of("web"), null)).statusCode(201).body("decision", equalTo("sent"));
        String call = post(request(id, "service", List.of("phone"), null)).statusCode(201).extract().path("messageId");
        // service messages need no opt-in, but the phone needs a number: the customer has one
        Eventually.await(() -> ServiceDatabase.count("SELECT count(*) FROM channel_item WHERE customer_id = ?", id), n -> n == 2);

        given().get("/api/v1/customers/" + id + "/inbox").then().statusCode(200)
                .body("size()", equalTo(1)).body("[0].channel", equalTo("web")).body("[0].body", equalTo("20% off roses"));
        List<String> tasks = given().get("/api/v1/agent-tasks?limit=1000").then().statusCode(200).extract().jsonPath().getList("messageId");
        assertTrue(tasks.contains(call));
    }
}
