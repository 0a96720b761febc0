package dev.rapport.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rapport.contracts.events.Identity;
import dev.rapport.contracts.events.IdentityType;
import dev.rapport.infra.SuiteApi;
import dev.rapport.infra.testing.RefusingSmtpServer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.StreamSupport;

import static dev.rapport.infra.SuiteApi.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Data protection across the four packaged services: a customer with every kind of personal data
 * (name, postal address, e-mail, phone, loyalty card, customer number, and an anonymous visitor
 * profile merged into theirs) goes through campaigns, e-mail (including an SMTP server refusing
 * the address), a web-inbox message and a printed letter. Then:
 * <ul>
 * <li>no service logged any of that personal data: every service's log of this run is scanned for
 * every value the test used;</li>
 * <li>the customer is erased, and every table of every service's database is read: no row holds
 * any of their ids (including the merged-away one and the ids derived from their identities) or
 * any of their personal data.</li>
 * </ul>
 * What may legitimately remain holds none of the searched values: profile-service keeps a one-way
 * hash of each erased id (so late events cannot recreate the customer); campaign-service keeps
 * each campaign entry without the customer (results keep counting); every service keeps the ids of
 * events it processed, which are random or derived one-way, not customer ids.
 */
class DataProtectionIT {

    private static RunningSuite running;
    private static SuiteApi suite;

    @BeforeAll
    static void startSuite() {
        running = RunningSuite.start();
        suite = running.api();
    }

    @AfterAll
    static void stopSuite() {
        if (running != null) {
            running.close();
        }
    }

    @Test
    void noServiceLogsPersonalDataAndAnErasedCustomerLeavesNoTraceInAnyTable() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String tag = letters(run);
        String givenName = "Augusta" + tag;
        String familyName = "Byron" + tag;
        String street = "12 Engine Row " + tag;
        String city = "Ockham" + tag;
        String postalCode = "KT" + run.substring(0, 5).toUpperCase(Locale.ROOT);
        String email = "augusta." + run + "@example.com";
        String phone = "+4930" + (10_000_000 + ThreadLocalRandom.current().nextInt(89_999_999));
        String loyaltyCard = "LC-" + run;
        String customerNumber = "CN-" + run;
        String cookie = "ck-" + run;
        Map<String, String> personalData = new LinkedHashMap<>();
        personalData.put("given name", givenName);
        personalData.put("family name", familyName);
        personalData.put("street", street);
        personalData.put("city", city);
        personalData.put("postal code", postalCode);
        personalData.put("e-mail", email);
        personalData.put("phone", phone);
        personalData.put("loyalty card", loyaltyCard);
        personalData.put("customer number", customerNumber);
        personalData.put("cookie id", cookie);
        say("injected personal data: %s", personalData);

        // the marketer: a purchase-triggered thank-you mail, and a one-time informational note to every subscriber's web inbox
        String subscribers = created(suite.post("campaign", "/api/v1/segments", Map.of("name", "subscribers " + run,
                "rule", Map.of("consent", Map.of("channel", "email", "purpose", "promotional")))));
        String buyers = created(suite.post("campaign", "/api/v1/segments", Map.of("name", "buyers " + run,
                "rule", Map.of("all", List.of(Map.of("orders", Map.of("atLeast", 1)),
                        Map.of("consent", Map.of("channel", "email", "purpose", "promotional")))))));
        String thankYou = activated(Map.of("name", "Thank you " + run, "category", "promotional", "segmentId", buyers,
                "trigger", Map.of("type", "interaction", "interactionType", "purchase"), "priority", 5,
                "reentry", Map.of("mode", "once"), "channels", List.of("email"),
                "content", List.of(Map.of("channel", "email", "subject", "Thank you, {customer.givenName} {customer.familyName}",
                        "html", "<p>Dear {customer.givenName} of {customer.city}, <a href=\"https://shop.example/next\">more</a></p>",
                        "text", "Dear {customer.givenName} of {customer.city}"))));

        // an anonymous visitor browses: a prospect profile under the cookie's provisional id
        accepted(suite.post("interaction", "/api/v1/interactions", Map.of("clientEventId", "web-" + run + "-1", "channel", "web",
                "identity", Map.of("type", "cookie-id", "value", cookie), "type", "page-view", "occurredAt", Instant.now().toString(),
                "details", Map.of("url", "https://shop.example/garden"))));
        String visitor = await("profile-service made the visitor a prospect",
                () -> suite.get("profile", "/api/v1/profiles?identity=cookie-id:" + cookie),
                answer -> answer.status() == 200).body().path("id").asText();

        // the customer registers with everything, and the visitor profile is merged into theirs
        String customer = created(suite.post("profile", "/api/v1/profiles", Map.of(
                "name", Map.of("givenName", givenName, "familyName", familyName), "timeZone", "UTC",
                "address", Map.of("lines", List.of(street), "postalCode", postalCode, "city", city, "country", "GB"),
                "identities", List.of(Map.of("type", "email", "value", email), Map.of("type", "phone", "value", phone),
                        Map.of("type", "loyalty-card", "value", loyaltyCard), Map.of("type", "customer-number", "value", customerNumber)))));
        assertEquals(200, suite.post("profile", "/api/v1/profiles/" + customer + "/merge", Map.of("profileId", visitor)).status());
        for (String[] consent : List.of(new String[] {"email", "promotional"}, new String[] {"sms", "promotional"},
                new String[] {"web", "informational"})) {
            assertEquals(200, suite.put("profile", "/api/v1/profiles/" + customer + "/consents/" + consent[0],
                    Map.of("purpose", consent[1], "status", "opt-in", "source", "web")).status());
        }
        await("interaction-service moved the visit to the customer", () -> timeline(customer), items -> items.size() == 1);
        await("campaign-service knows the customer's consent", () -> members(subscribers), members -> members.contains(customer));
        say("visitor %s (anonymous, cookie) merged into customer %s; consents recorded", visitor, customer);

        // a one-time scheduled note to every subscriber's web inbox: an audience run goes through the customers
        String note = activated(Map.of("name", "Note " + run, "category", "informational", "segmentId", subscribers,
                "trigger", Map.of("type", "schedule", "at", Instant.now().minusSeconds(1).toString()), "priority", 3,
                "reentry", Map.of("mode", "once"), "channels", List.of("web"),
                "content", List.of(Map.of("channel", "web", "subject", "News for {customer.givenName}",
                        "text", "Hello {customer.givenName} {customer.familyName} in {customer.city}"))));
        await("the note is in the customer's web inbox", () -> suite.get("delivery", "/api/v1/customers/" + customer + "/inbox").body(),
                inbox -> inbox != null && inbox.toString().contains("News for " + givenName));

        // the customer buys: the thank-you mail goes out
        accepted(suite.post("interaction", "/api/v1/interactions", Map.of("clientEventId", "pos-" + run + "-1", "channel", "store",
                "identity", Map.of("type", "loyalty-card", "value", loyaltyCard), "type", "purchase", "occurredAt", Instant.now().toString(),
                "amount", 49.90, "currency", "EUR", "details", Map.of("orderId", "o-" + run))));
        await("the thank-you mail", () -> running.infra().smtp().receivedBy(email), mails -> mails.size() == 1);
        say("campaign %s (scheduled, web inbox) and %s (thank-you mail) reached the customer", note, thankYou);

        // a service mail while the SMTP server refuses the recipient, quoting the address in its answer; then it is back
        String receipt;
        running.infra().smtp().stopServer();
        try (RefusingSmtpServer refusing = RefusingSmtpServer.start(running.infra().smtp().port())) {
            receipt = suite.post("delivery", "/api/v1/deliveries", Map.of("requestId", UUID.randomUUID().toString(),
                    "customerId", customer, "category", "service", "allowedChannels", List.of("email"),
                    "content", List.of(Map.of("channel", "email", "subject", "Your receipt, " + givenName + " " + familyName,
                            "text", "Delivered to " + street + ", " + postalCode + " " + city)))).body().path("requestId").asText();
            await("a failed attempt, back in the queue", () -> suite.get("delivery", "/api/v1/deliveries/" + receipt).body(),
                    d -> d.path("attempts").asInt() >= 1 && "queued".equals(d.path("status").asText()));
            assertTrue(refusing.refused().contains("<" + email + ">"), "the SMTP server refused " + refusing.refused());
            say("the SMTP server answered '550 5.1.1 <%s>: Recipient address rejected' %d time(s)", email, refusing.refused().size());
        } finally {
            running.infra().smtp().startServer();
        }
        await("the receipt is sent once the server is back", () -> suite.get("delivery", "/api/v1/deliveries/" + receipt).body(),
                d -> "sent".equals(d.path("status").asText()));
        // a printed letter, with the customer's real name and address
        String letter = suite.post("delivery", "/api/v1/deliveries", Map.of("requestId", UUID.randomUUID().toString(),
                "customerId", customer, "category", "service", "allowedChannels", List.of("mail"),
                "content", List.of(Map.of("channel", "mail", "subject", "Your card", "text", "Your new card, " + givenName)))).body()
                .path("requestId").asText();
        await("the letter is in the print file", () -> suite.get("delivery", "/api/v1/deliveries/" + letter).body(),
                d -> "sent".equals(d.path("status").asText()));
        await("interaction-service recorded every message and the purchase", () -> timeline(customer), items -> items.size() >= 5);
        await("profile-service counted the purchase", () -> suite.get("profile", "/api/v1/profiles/" + customer + "/value").body(),
                value -> value != null && value.path("orderCount").asInt() == 1);
        await("every outbox is drained", this::outboxRows, rows -> rows == 0);

        // 1. no personal data in any service's log
        String refusedLine = running.logOf("delivery").lines().filter(line -> line.contains("recipient address not accepted"))
                .findFirst().orElseThrow(() -> new AssertionError("delivery-service logged no refused attempt"));
        assertTrue(refusedLine.contains("550 5.1.1 <<e-mail>>"), refusedLine);
        say("delivery-service logged the refused attempt as: %s", refusedLine.substring(refusedLine.indexOf("Sending")));
        for (String service : RunningSuite.SERVICES) {
            String log = running.logOf(service);
            long lines = log.lines().count();
            long warnings = log.lines().filter(line -> line.contains(" WARN ") || line.contains(" ERROR ")).count();
            List<String> found = new ArrayList<>();
            for (Map.Entry<String, String> value : personalData.entrySet()) {
                log.lines().filter(line -> line.toLowerCase(Locale.ROOT).contains(value.getValue().toLowerCase(Locale.ROOT)))
                        .forEach(line -> found.add(value.getKey() + " in: " + line));
            }
            say("log of %s-service: %d lines (%d WARN/ERROR) scanned for %d values, found %d", service, lines, warnings,
                    personalData.size(), found.size());
            assertEquals(List.of(), found, service + "-service logged personal data");
        }

        // 2. erasure, verified by reading every table of every service
        List<String> ids = new ArrayList<>(List.of(customer, visitor));
        for (Identity identity : List.of(new Identity(IdentityType.EMAIL, email), new Identity(IdentityType.PHONE, phone),
                new Identity(IdentityType.LOYALTY_CARD, loyaltyCard), new Identity(IdentityType.CUSTOMER_NUMBER, customerNumber),
                new Identity(IdentityType.COOKIE_ID, cookie))) {
            ids.add(identity.provisionalCustomerId().toString());
        }
        Map<String, String> searched = new LinkedHashMap<>(personalData);
        searched.put("customer id", customer);
        searched.put("merged-away visitor id (the cookie's provisional id)", visitor);
        List<String> derivedFrom = List.of("e-mail", "phone", "loyalty card", "customer number", "cookie id");
        for (int i = 2; i < ids.size(); i++) {
            if (!searched.containsValue(ids.get(i))) {
                searched.put("provisional id of the " + derivedFrom.get(i - 2), ids.get(i));
            }
        }
        Map<String, Scan> before = scanAll(searched);
        assertTrue(before.values().stream().allMatch(scan -> !scan.matches().isEmpty()),
                "before erasure every service holds the customer: " + before);
        before.forEach((database, scan) -> say("before erasure, %s: %d tables, %d rows, %d rows with the customer's data, in %s",
                database, scan.tables(), scan.rows(), scan.matches().size(), scan.matchesPerTable()));

        assertEquals(204, suite.delete("profile", "/api/v1/profiles/" + customer).status());
        say("erased customer %s; searching every table for %d values: %s", customer, searched.size(), searched.values());
        Map<String, Scan> after = await("no table of any service holds anything of the customer", () -> scanAll(searched),
                scans -> scans.values().stream().allMatch(scan -> scan.matches().isEmpty()));
        after.forEach((database, scan) -> say("after erasure, database %s: %d tables read (%s), %d rows scanned, %d matches",
                database, scan.tables(), String.join(", ", scan.tableNames()), scan.rows(), scan.matches().size()));
        assertEquals(404, suite.get("profile", "/api/v1/profiles/" + customer).status());
        assertEquals(404, suite.get("profile", "/api/v1/profiles/" + visitor).status());
        assertEquals(1, running.count("campaign", "SELECT count(*) FROM campaign_request WHERE campaign_id = ? AND customer_id IS NULL",
                UUID.fromString(thankYou)), "the entry stays counted, without the customer");
        assertFalse(after.get("profile").tableNames().isEmpty());

        // 3. late events: copies of every event the customer had on the interaction and delivery topics, as if still in
        // flight when the erasure came, reach every consumer and bring nothing back
        List<ConsumerRecord<String, String>> interactionEvents = eventsOf(customer, "rapport.interaction.events");
        List<ConsumerRecord<String, String>> deliveryEvents = eventsOf(customer, "rapport.delivery.events");
        List<String> lateIds = new ArrayList<>();
        Map<String, Integer> lateTypes = new java.util.TreeMap<>();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, running.infra().kafka().bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class))) {
            List<ConsumerRecord<String, String>> all = new ArrayList<>(interactionEvents);
            all.addAll(deliveryEvents);
            for (ConsumerRecord<String, String> record : all) {
                com.fasterxml.jackson.databind.node.ObjectNode late =
                        (com.fasterxml.jackson.databind.node.ObjectNode) SuiteApi.JSON.readTree(record.value());
                String lateId = UUID.randomUUID().toString();
                late.put("id", lateId);
                lateIds.add(lateId);
                lateTypes.merge(late.path("type").asText(), 1, Integer::sum);
                producer.send(new ProducerRecord<>(record.topic(), record.key(), SuiteApi.JSON.writeValueAsString(late))).get();
            }
        }
        say("late events: %d interaction and %d delivery events of the customer sent again with new ids: %s",
                interactionEvents.size(), deliveryEvents.size(), lateTypes);
        // interaction events reach profile, campaign and delivery; delivery events profile, interaction and campaign
        long interactions = interactionEvents.size();
        long deliveries = deliveryEvents.size();
        Map<String, Long> expected = Map.of("profile", interactions + deliveries, "interaction", deliveries,
                "campaign", interactions + deliveries, "delivery", interactions);
        Map<String, Long> consumed = await("every consumer took the late events", () -> {
            Map<String, Long> counts = new HashMap<>();
            for (String database : RunningSuite.SERVICES) {
                counts.put(database, running.count(database, "SELECT count(*) FROM rapport_processed_event WHERE event_id = ANY (?::text[])",
                        "{" + String.join(",", lateIds) + "}"));
            }
            return counts;
        }, expected::equals);
        await("every outbox is drained", this::outboxRows, rows -> rows == 0);
        Map<String, Scan> afterLate = scanAll(searched);
        afterLate.forEach((database, scan) -> say("after the late events (%d consumed), database %s: %d rows scanned, %d matches",
                consumed.get(database), database, scan.rows(), scan.matches().size()));
        assertTrue(afterLate.values().stream().allMatch(scan -> scan.matches().isEmpty()), "late events brought data back: " + afterLate);
    }

    /** Every record keyed by the customer on the topic, in order. */
    private static List<ConsumerRecord<String, String>> eventsOf(String customer, String topic) {
        List<ConsumerRecord<String, String>> found = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, running.infra().kafka().bootstrapServers(),
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false))) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(partition -> consumer.position(partition) < ends.get(partition))) {
                for (ConsumerRecord<String, String> record : consumer.poll(java.time.Duration.ofMillis(500))) {
                    if (customer.equals(record.key())) {
                        found.add(record);
                    }
                }
            }
        }
        assertFalse(found.isEmpty(), "the customer had events on " + topic);
        return found;
    }

    /** One database read: its tables, the rows read, and each row that holds a searched value (with the values it holds). */
    private record Scan(int tables, List<String> tableNames, long rows, List<String> matches) {

        Map<String, Long> matchesPerTable() {
            Map<String, Long> perTable = new java.util.TreeMap<>();
            matches.forEach(match -> perTable.merge(match.substring(0, match.indexOf(' ')), 1L, Long::sum));
            return perTable;
        }
    }

    /** Every row of every table of every service's database, as text, searched for every value. */
    private static Map<String, Scan> scanAll(Map<String, String> searched) throws Exception {
        Map<String, Scan> scans = new LinkedHashMap<>();
        for (String database : RunningSuite.SERVICES) {
            try (Connection connection = running.connect(database); Statement statement = connection.createStatement()) {
                List<String> tables = new ArrayList<>();
                try (ResultSet rows = statement.executeQuery("""
                        SELECT quote_ident(table_schema) || '.' || quote_ident(table_name) FROM information_schema.tables
                        WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema')
                        ORDER BY 1""")) {
                    while (rows.next()) {
                        tables.add(rows.getString(1));
                    }
                }
                long scanned = 0;
                List<String> matches = new ArrayList<>();
                for (String table : tables) {
                    try (ResultSet rows = statement.executeQuery("SELECT t::text FROM " + table + " t")) {
                        while (rows.next()) {
                            scanned++;
                            String row = rows.getString(1).toLowerCase(Locale.ROOT);
                            List<String> found = searched.entrySet().stream()
                                    .filter(value -> row.contains(value.getValue().toLowerCase(Locale.ROOT))).map(Map.Entry::getKey).toList();
                            if (!found.isEmpty()) {
                                matches.add(table + " holds " + found + ": " + abbreviated(rows.getString(1)));
                            }
                        }
                    }
                }
                scans.put(database, new Scan(tables.size(), tables, scanned, matches));
            }
        }
        return scans;
    }

    private long outboxRows() {
        long rows = 0;
        for (String database : RunningSuite.SERVICES) {
            rows += running.count(database, "SELECT count(*) FROM rapport_outbox");
        }
        return rows;
    }

    private static String abbreviated(String row) {
        return row.length() <= 300 ? row : row.substring(0, 300) + "...";
    }

    /** Letters only, derived from the run id: names and places that are unique to this run. */
    private static String letters(String run) {
        StringBuilder letters = new StringBuilder();
        for (char c : run.toCharArray()) {
            letters.append((char) ('a' + Character.digit(c, 16)));
        }
        return letters.toString();
    }

    private static String created(SuiteApi.Answer answer) {
        assertEquals(201, answer.status(), String.valueOf(answer.body()));
        return answer.body().path("id").asText();
    }

    private static String activated(Map<String, Object> campaign) {
        String id = created(suite.post("campaign", "/api/v1/campaigns", new HashMap<>(campaign)));
        assertEquals(200, suite.post("campaign", "/api/v1/campaigns/" + id + "/activate", Map.of()).status());
        return id;
    }

    private static void accepted(SuiteApi.Answer answer) {
        assertTrue(answer.status() / 100 == 2, answer.status() + " " + answer.body());
    }

    private static List<String> members(String segment) {
        List<String> members = new ArrayList<>();
        suite.get("campaign", "/api/v1/segments/" + segment + "/members?limit=1000").body().path("members").forEach(m -> members.add(m.asText()));
        return members;
    }

    private static List<JsonNode> timeline(String customer) {
        JsonNode body = suite.get("interaction", "/api/v1/customers/" + customer + "/timeline").body();
        return body == null ? List.of() : StreamSupport.stream(body.path("items").spliterator(), false).toList();
    }

    private static void say(String format, Object... args) {
        System.out.printf("[data-protection] " + format + "%n", args);
    }
}
