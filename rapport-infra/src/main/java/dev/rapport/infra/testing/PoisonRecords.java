package dev.rapport.infra.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rapport.contracts.Topics;
import dev.rapport.infra.testing.JsonMutations.Kind;
import dev.rapport.infra.testing.JsonMutations.Mutation;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Poison records for one consumer of the service under test: records that are not JSON, JSON that
 * is not a CloudEvent envelope, envelopes missing what routes them, an unknown event type, and an
 * event of a known type whose payload is mutated field by field ({@link JsonMutations}). All are
 * keyed by one fresh customer id, so a test filters the shared topics by it. After {@link #inject()}
 * each invalid record must be accounted for the way the contract says (dead-lettered with a
 * reason, or skipped and recorded as processed), nothing may be stored about the customer, and a
 * valid record sent afterwards on the same key must still be processed (the consumer is not stuck).
 */
public final class PoisonRecords {

    /** What the consumer must do with a record. */
    public enum Expect {
        /** On {@code rapport.dead-letter}, unchanged, with a {@code dead-letter-reason}. */
        DEAD_LETTER,
        /** Processed (its id recorded for the consumer) without any effect, and not dead-lettered. */
        SKIPPED,
        /** Either, but never applied: a record the consumer cannot use, which it may drop or dead-letter. */
        DEAD_LETTER_OR_SKIPPED,
        /** Genuinely acceptable (classified up front, e.g. a field the contract says consumers ignore): processed like any valid record, never dead-lettered. */
        ACCEPTED,
        /** Acceptable in form, for a consumer that checks records as strictly as the HTTP API: applied, or dead-lettered by those checks. */
        MAY_APPLY
    }

    /** One record to send: what it is, its text, its envelope id (if it has one) and what must happen to it. */
    public record Poison(String description, String value, String eventId, Expect expect) {
    }

    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final Duration ACCOUNT_WITHIN = Duration.ofSeconds(60);
    private static final String MARKER = "__rapport_poison_payload__";

    private final String topic;
    private final String consumer;
    private final UUID key;
    private final List<Poison> poisons = new ArrayList<>();

    private PoisonRecords(String topic, String consumer, UUID key) {
        this.topic = topic;
        this.consumer = consumer;
        this.key = key;
    }

    /** Poison records for the consumer (its name in {@code rapport_processed_event}) of the topic, keyed by the customer. */
    public static PoisonRecords forConsumer(String topic, String consumer, UUID key) {
        return new PoisonRecords(topic, consumer, key);
    }

    public UUID key() {
        return key;
    }

    public List<Poison> poisons() {
        return poisons;
    }

    /**
     * Records that are no CloudEvent at all, or envelopes missing what routes them (id, source,
     * type, subject, specversion 1.0) or with a payload of the wrong JSON type: all must be dead-lettered.
     * A null or missing payload may be dead-lettered or skipped. {@code validEnvelope} is a valid
     * event of a type the consumer handles, as JSON text.
     */
    public PoisonRecords envelopes(String validEnvelope) {
        String tag = " [" + key.toString().substring(0, 8) + "]";
        add("plain text", "this is not JSON" + tag, null, Expect.DEAD_LETTER);
        add("an empty record", "", null, Expect.DEAD_LETTER);
        add("only whitespace", "   \n ", null, Expect.DEAD_LETTER);
        add("truncated JSON", validEnvelope.substring(0, validEnvelope.length() / 2), null, Expect.DEAD_LETTER);
        add("JSON null", "null", null, Expect.DEAD_LETTER);
        add("a JSON array", "[\"" + key + "\"]", null, Expect.DEAD_LETTER);
        add("a JSON number", "4242", null, Expect.DEAD_LETTER);
        add("a JSON string", "\"" + key + "\"", null, Expect.DEAD_LETTER);
        add("200,000 characters of text", "x".repeat(200_000) + tag, null, Expect.DEAD_LETTER);
        add("an object that is no envelope", "{\"hello\": \"world\", \"customer\": \"" + key + "\"}", null, Expect.DEAD_LETTER);
        for (String member : List.of("id", "source", "type", "subject", "specversion")) {
            ObjectNode envelope = envelope(validEnvelope);
            envelope.remove(member);
            add("an envelope without " + member, write(envelope), idOf(envelope), Expect.DEAD_LETTER);
            envelope = envelope(validEnvelope);
            envelope.put(member, "  ");
            add("an envelope with a blank " + member, write(envelope), idOf(envelope), Expect.DEAD_LETTER);
        }
        ObjectNode old = envelope(validEnvelope);
        old.put("specversion", "0.3");
        add("specversion 0.3", write(old), idOf(old), Expect.DEAD_LETTER);
        ObjectNode objectId = envelope(validEnvelope);
        objectId.putObject("id").put("value", UUID.randomUUID().toString());
        add("an object as id", write(objectId), null, Expect.DEAD_LETTER);
        ObjectNode badTime = envelope(validEnvelope);
        badTime.put("time", "yesterday");
        add("an envelope time that is no timestamp", write(badTime), idOf(badTime), Expect.DEAD_LETTER);
        for (String data : List.of("\"not an object\"", "42", "[1, 2]", "true")) {
            ObjectNode wrong = envelope(validEnvelope);
            wrong.set("data", read(data));
            add("data as " + data, write(wrong), idOf(wrong), Expect.DEAD_LETTER);
        }
        ObjectNode nullData = envelope(validEnvelope);
        nullData.putNull("data");
        add("data null", write(nullData), idOf(nullData), Expect.DEAD_LETTER_OR_SKIPPED);
        ObjectNode noData = envelope(validEnvelope);
        noData.remove("data");
        add("no data", write(noData), idOf(noData), Expect.DEAD_LETTER_OR_SKIPPED);
        ObjectNode emptyData = envelope(validEnvelope);
        emptyData.putObject("data");
        add("empty data {}", write(emptyData), idOf(emptyData), Expect.DEAD_LETTER_OR_SKIPPED);
        return this;
    }

    /** A valid envelope with a type nobody defined, and what the contract says the consumer does with it. */
    public PoisonRecords unknownType(String validEnvelope, Expect expect) {
        ObjectNode unknown = envelope(validEnvelope);
        unknown.put("type", "dev.rapport.no-such-event.v1");
        add("an unknown event type dev.rapport.no-such-event.v1", write(unknown), idOf(unknown), expect);
        ObjectNode newer = envelope(validEnvelope);
        newer.put("type", newer.get("type").asText().replaceAll("\\.v\\d+$", ".v99"));
        add("a later version " + newer.get("type").asText() + " of a known type", write(newer), idOf(newer), expect);
        return this;
    }

    /**
     * The payload of the valid envelope mutated field by field, each in an envelope of its own id:
     * those the rules find acceptable, and unknown fields (which consumers ignore), must be processed; of the others, those that leave out, empty or
     * push a value out of range may be dead-lettered or skipped, and those the payload record
     * cannot even be read from (wrong JSON types, unknown enum values, malformed ids and times,
     * overflowing numbers, NUL and unpaired surrogates) must be dead-lettered.
     */
    public PoisonRecords payloads(String validEnvelope, FieldRules rules, int max, long seed) {
        return payloads(validEnvelope, rules, max, seed, false);
    }

    /**
     * As {@link #payloads(String, FieldRules, int, long)}, for a consumer that checks payloads as
     * strictly as the HTTP API does (bulk ingest): every mutation the rules do not accept must be dead-lettered.
     */
    public PoisonRecords validatedPayloads(String validEnvelope, FieldRules rules, int max, long seed) {
        return payloads(validEnvelope, rules, max, seed, true);
    }

    private PoisonRecords payloads(String validEnvelope, FieldRules rules, int max, long seed, boolean validated) {
        JsonNode data = envelope(validEnvelope).get("data");
        for (Mutation m : JsonMutations.of(data).fieldsOnly().seed(seed).sample(max)) {
            ObjectNode envelope = envelope(validEnvelope);
            envelope.put("data", MARKER);
            // spliced in as text: the mutation may hold what no JSON library writes (1e400, a lone \ud800)
            String value = write(envelope).replace("\"" + MARKER + "\"", m.text());
            // consumers ignore fields they do not know (the contracts' compatibility rule)
            Expect expect = rules.acceptable(m) ? validated ? Expect.MAY_APPLY : Expect.ACCEPTED
                    : m.is(Kind.UNKNOWN_FIELD) && !validated ? Expect.ACCEPTED
                    : validated || unreadable(m, rules) ? Expect.DEAD_LETTER : Expect.DEAD_LETTER_OR_SKIPPED;
            add("data " + m.describe(), value, idOf(envelope), expect);
        }
        return this;
    }

    /** A record of one's own making. */
    public PoisonRecords add(String description, String value, String eventId, Expect expect) {
        poisons.add(new Poison(description, value, eventId, expect));
        return this;
    }

    /** Can the payload record not even be read (the consumer cannot but dead-letter it)? */
    static boolean unreadable(Mutation m, FieldRules rules) {
        if (m.is(Kind.MISSING, Kind.NULL, Kind.BLANK, Kind.EMPTY, Kind.NEGATIVE, Kind.ZERO, Kind.FRACTION, Kind.LONG_ARRAY,
                Kind.HUGE_STRING, Kind.UNKNOWN_FIELD)) {
            return false;
        }
        String type = rules.typeOf(m.path());
        boolean textual = List.of("text", "code", "json").contains(type);
        if (m.is(Kind.UNICODE)) {
            return FieldRules.isBrokenUnicode(m) || !textual;
        }
        if (m.is(Kind.UNKNOWN_ENUM, Kind.BAD_FORMAT)) {
            return !textual;
        }
        if (m.is(Kind.OVERFLOW) && type.equals("decimal") && !m.refusedWhileParsing()) {
            return false; // 1e400 is a BigDecimal
        }
        if (m.is(Kind.WRONG_TYPE) && m.value().equals("[null]")) {
            return false; // a list with a gap reads fine; whether the consumer can use it is another matter
        }
        if (m.is(Kind.WRONG_TYPE)) {
            // a number or boolean where text is expected is read as its text
            return !(List.of("text", "code").contains(type) && (m.value().equals("42") || m.value().equals("true")))
                    && !(List.of("instant", "duration").contains(type) && m.value().equals("42"));
        }
        return true;
    }

    /** Sends every record, in order, with one producer. */
    public PoisonRecords inject() {
        System.out.printf("[poison] %s -> %s (consumer %s), key %s: injecting %d records%n", topic, consumer, consumer, key, poisons.size());
        poisons.forEach(p -> System.out.printf("[poison]   inject %-22s %s (%d chars)%n", p.expect, abbreviate(p.description), p.value.length()));
        ServiceTopics.send(topic, key.toString(), poisons.stream().map(Poison::value).toArray(String[]::new));
        return this;
    }

    /**
     * Waits until every record is dead-lettered or recorded as processed, then checks each against
     * its expectation; returns the failures (empty if all is well) and prints the verdicts.
     */
    public List<String> verify() {
        long deadline = System.nanoTime() + ACCOUNT_WITHIN.toNanos();
        Map<String, ConsumerRecord<String, String>> dead;
        Set<String> processed;
        List<Poison> open;
        do {
            dead = deadLetters();
            processed = processedIds();
            Map<String, ConsumerRecord<String, String>> d = dead;
            Set<String> p = processed;
            open = poisons.stream().filter(poison -> !d.containsKey(poison.value) && (poison.eventId == null || !p.contains(poison.eventId))).toList();
            if (open.isEmpty()) {
                break;
            }
            sleep(500);
        } while (System.nanoTime() < deadline);
        List<String> failures = new ArrayList<>();
        Map<Expect, Integer> deadCount = new LinkedHashMap<>();
        Map<Expect, Integer> skippedCount = new LinkedHashMap<>();
        for (Poison poison : poisons) {
            ConsumerRecord<String, String> letter = dead.get(poison.value);
            boolean skipped = poison.eventId != null && processed.contains(poison.eventId);
            String reason = letter == null ? null : reason(letter);
            String verdict;
            if (letter == null && !skipped) {
                verdict = "NOT HANDLED within " + ACCOUNT_WITHIN.toSeconds() + " s (is the consumer stuck?)";
            } else if (letter != null && skipped) {
                verdict = "both dead-lettered and recorded as processed";
            } else if (letter != null && (reason == null || reason.isBlank())) {
                verdict = "dead-lettered without a dead-letter-reason";
            } else if (letter != null && poison.expect == Expect.SKIPPED) {
                verdict = "dead-lettered (" + abbreviate(reason) + ") but the contract says it is skipped";
            } else if (letter != null && poison.expect == Expect.ACCEPTED) {
                verdict = "dead-lettered (" + abbreviate(reason) + ") although it is acceptable";
            } else if (skipped && poison.expect == Expect.DEAD_LETTER) {
                verdict = "processed, but it must be dead-lettered";
            } else {
                verdict = null;
            }
            (letter != null ? deadCount : skippedCount).merge(poison.expect, 1, Integer::sum);
            System.out.printf("[poison]   %-12s %-22s %s%s%n", letter != null ? "dead-letter" : skipped ? "processed" : "open", poison.expect,
                    abbreviate(poison.description), letter != null ? " (reason: " + abbreviate(reason) + ")" : "");
            if (verdict != null) {
                failures.add(topic + " " + poison.description + ": " + verdict);
                System.out.printf("[poison]     FAILED %s%n", verdict);
            }
        }
        System.out.printf("[poison] %s (%s): %d records injected; dead-lettered %s; processed %s; %d failures%n", topic, consumer,
                poisons.size(), deadCount, skippedCount, failures.size());
        return failures;
    }

    /** Dead letters of this key from this topic, by their value. */
    private Map<String, ConsumerRecord<String, String>> deadLetters() {
        Map<String, ConsumerRecord<String, String>> byValue = new LinkedHashMap<>();
        for (ConsumerRecord<String, String> record : ServiceTopics.readToEnd(Topics.DEAD_LETTER, key.toString())) {
            Header from = record.headers().lastHeader("dead-letter-topic");
            if (from == null || topic.equals(new String(from.value(), StandardCharsets.UTF_8))) {
                byValue.put(record.value() == null ? "" : record.value(), record);
            }
        }
        return byValue;
    }

    private Set<String> processedIds() {
        List<String> ids = poisons.stream().map(Poison::eventId).filter(java.util.Objects::nonNull).toList();
        if (ids.isEmpty()) {
            return Set.of();
        }
        return ServiceDatabase.rows("SELECT event_id, consumer FROM rapport_processed_event WHERE consumer = ? AND event_id = ANY (?)",
                        consumer, ids.toArray(String[]::new))
                .stream().map(row -> (String) row[0]).collect(Collectors.toSet());
    }

    /**
     * The whole check: sends the refused records (all but {@link Expect#ACCEPTED}) and verifies
     * each, then that nothing stored about the key changed (nor anything in the stored data at
     * all, nor anything published on {@code outputTopic} for the key); then sends the accepted
     * ones and verifies them; finally sends {@code validEnvelope} under a fresh id on the same key
     * and waits until it is processed and {@code applied} holds (the consumer is not stuck).
     * Returns every failure; prints what it injected and verified.
     */
    public List<String> check(StoredData stored, String outputTopic, String validEnvelope, java.util.concurrent.Callable<Boolean> applied) {
        List<String> failures = new ArrayList<>();
        // what the service has still to publish about the customer (e.g. a fixture just created) goes out first
        Eventually.await(java.time.Duration.ofSeconds(30), () -> ServiceDatabase.count(
                "SELECT count(*) FROM rapport_outbox WHERE message_key = ?", key.toString()), n -> n == 0);
        Map<String, String> before = StoredData.about(key);
        int publishedBefore = ServiceTopics.readToEnd(outputTopic, key.toString()).size();
        StoredData.Snapshot baseline = stored.settled();
        failures.addAll(only(p -> p.expect != Expect.ACCEPTED && p.expect != Expect.MAY_APPLY).inject().verify());
        Map<String, String> after = StoredData.about(key);
        if (!after.equals(before)) {
            failures.add(topic + ": refused records changed what is stored about " + key + ": before " + before + ", after " + after);
        }
        List<String> changes = stored.snapshot().changesSince(baseline);
        if (!changes.isEmpty()) {
            failures.add(topic + ": refused records changed the stored data: " + changes);
        }
        int publishedAfter = ServiceTopics.readToEnd(outputTopic, key.toString()).size();
        if (publishedAfter != publishedBefore) {
            failures.add(topic + ": refused records made the service publish " + (publishedAfter - publishedBefore) + " events on " + outputTopic);
        }
        System.out.printf("[poison] %s: after the refused records: %s about %s (%s), %s, %d events published on %s%n", topic,
                after.equals(before) ? "nothing changed" : "CHANGED", key, after.isEmpty() ? "no rows" : after.keySet(),
                changes.isEmpty() ? "stored data unchanged (" + baseline.size() + " tables)" : "STORED DATA CHANGED " + changes,
                publishedAfter - publishedBefore, outputTopic);
        PoisonRecords accepted = only(p -> p.expect == Expect.ACCEPTED || p.expect == Expect.MAY_APPLY);
        if (!accepted.poisons.isEmpty()) {
            failures.addAll(accepted.inject().verify());
        }
        ObjectNode valid = envelope(validEnvelope);
        String id = idOf(valid);
        ServiceTopics.send(topic, key.toString(), write(valid));
        long processed = Eventually.await(java.time.Duration.ofSeconds(30), () -> ServiceDatabase.count(
                "SELECT count(*) FROM rapport_processed_event WHERE consumer = ? AND event_id = ?", consumer, id), n -> n > 0);
        boolean effect = processed > 0 && Eventually.await(applied, Boolean::booleanValue);
        System.out.printf("[poison] %s: a valid record sent afterwards on key %s was %s%n", topic, key,
                processed == 0 ? "NOT PROCESSED (consumer stuck)" : effect ? "processed and applied" : "processed but NOT APPLIED");
        if (processed == 0 || !effect) {
            failures.add(topic + ": the valid record sent after the poison was " + (processed == 0 ? "not processed: the consumer is stuck" : "not applied"));
        }
        return failures;
    }

    /** Keeps only the records the predicate accepts (e.g. to leave out the acceptable ones). */
    public PoisonRecords only(Predicate<Poison> predicate) {
        PoisonRecords subset = new PoisonRecords(topic, consumer, key);
        poisons.stream().filter(predicate).forEach(subset.poisons::add);
        return subset;
    }

    private static String reason(ConsumerRecord<String, String> record) {
        Header header = record.headers().lastHeader("dead-letter-reason");
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    /** The envelope with a fresh event id. */
    private static ObjectNode envelope(String validEnvelope) {
        ObjectNode envelope = (ObjectNode) read(validEnvelope);
        envelope.put("id", UUID.randomUUID().toString());
        return envelope;
    }

    private static String idOf(ObjectNode envelope) {
        JsonNode id = envelope.get("id");
        return id != null && id.isTextual() && !id.asText().isBlank() ? id.asText() : null;
    }

    private static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + abbreviate(json), e);
        }
    }

    private static String write(JsonNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static String abbreviate(String text) {
        if (text == null) {
            return "";
        }
        String oneLine = text.replaceAll("\\s+", " ");
        return oneLine.length() > 160 ? oneLine.substring(0, 160) + "..." : oneLine;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
