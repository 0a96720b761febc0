package dev.rapport.interaction.ingest;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rapport.contracts.CloudEvent;
import dev.rapport.contracts.EventTypes;
import dev.rapport.contracts.Topics;
import dev.rapport.interaction.customers.CustomerResolver;
import dev.rapport.interaction.customers.CustomerResolver.Reference;
import dev.rapport.interaction.ingest.InteractionValidator.Checked;
import dev.rapport.messaging.outbox.Outbox;
import dev.rapport.messaging.persistence.NativeSql;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Stores checked interactions and their events in one transaction: each client event id once
 * (a resent one is reported as a duplicate of what was stored), each event published once through
 * the outbox, keyed by the customer it resolved to.
 */
@ApplicationScoped
public class IngestService {

    static final String SOURCE = "/rapport/interaction-service";

    /** What happened to one interaction. */
    public record Stored(UUID interactionId, UUID customerId, boolean duplicate) {
    }

    private final CustomerResolver customers;
    private final Outbox outbox;
    private final ObjectMapper mapper;
    private final Counter accepted;
    private final Counter duplicates;

    public IngestService(CustomerResolver customers, Outbox outbox, ObjectMapper mapper, MeterRegistry registry) {
        this.customers = customers;
        this.outbox = outbox;
        this.mapper = mapper;
        this.accepted = Counter.builder("rapport.interactions.recorded").description("Interactions recorded").register(registry);
        this.duplicates = Counter.builder("rapport.interactions.duplicates").description("Resent interactions recorded before").register(registry);
    }

    /** Stores in a transaction of its own; a concurrent insert of the same client id is retried and then reported as duplicate. */
    public Uni<List<Stored>> store(List<Checked> items) {
        return Uni.createFrom().deferred(() -> Panache.withTransaction(() -> storeInCurrentTransaction(items)))
                .onFailure(IngestService::isDuplicateKey).retry().atMost(3);
    }

    /** Stores inside the caller's transaction (a consumer's, which also records the event as processed). */
    public Uni<List<Stored>> storeInCurrentTransaction(List<Checked> items) {
        List<Reference> references = items.stream()
                .map(item -> new Reference(item.request().customerId(), item.identity())).toList();
        List<String> clientIds = items.stream().map(item -> item.request().clientEventId()).distinct().toList();
        return customers.resolve(references).flatMap(resolved -> existing(clientIds).flatMap(existing -> {
            Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
            List<Stored> results = new ArrayList<>();
            List<Interaction> rows = new ArrayList<>();
            Map<String, Stored> seen = new HashMap<>(existing);
            for (int i = 0; i < items.size(); i++) {
                Checked item = items.get(i);
                Stored before = seen.get(item.request().clientEventId());
                if (before != null) {
                    results.add(new Stored(before.interactionId(), before.customerId(), true));
                    continue;
                }
                Interaction row = toRow(item, resolved.get(references.get(i)), now);
                rows.add(row);
                Stored stored = new Stored(row.id, row.customerId, false);
                seen.put(row.clientEventId, stored);
                results.add(stored);
            }
            if (rows.isEmpty()) {
                duplicates.increment(results.size());
                return Uni.createFrom().item(results);
            }
            List<CloudEvent> events = rows.stream().map(row -> CloudEvent.of(row.id, SOURCE, EventTypes.INTERACTION_RECORDED,
                    row.customerId, row.asEvent(), mapper)).toList();
            return insertAll(rows)
                    .flatMap(ignored -> outbox.publishAll(Topics.INTERACTION_EVENTS, events))
                    .invoke(() -> {
                        accepted.increment(rows.size());
                        duplicates.increment(results.size() - rows.size());
                    })
                    .replaceWith(results);
        }));
    }

    /** One multi-row INSERT for the whole batch: a round trip per batch instead of per row. */
    private Uni<Integer> insertAll(List<Interaction> rows) {
        int n = rows.size();
        UUID[] ids = new UUID[n];
        String[] clientIds = new String[n];
        UUID[] customers = new UUID[n];
        String[] identityTypes = new String[n];
        String[] identityValues = new String[n];
        String[] channels = new String[n];
        String[] directions = new String[n];
        String[] types = new String[n];
        // times travel as ISO-8601 text: the reactive driver and Hibernate disagree on timestamp array types
        String[] occurred = new String[n];
        String[] recorded = new String[n];
        UUID[] campaigns = new UUID[n];
        UUID[] messages = new UUID[n];
        String[] variants = new String[n];
        java.math.BigDecimal[] amounts = new java.math.BigDecimal[n];
        String[] currencies = new String[n];
        String[] details = new String[n];
        for (int i = 0; i < n; i++) {
            Interaction row = rows.get(i);
            ids[i] = row.id;
            clientIds[i] = row.clientEventId;
            customers[i] = row.customerId;
            identityTypes[i] = row.identityType;
            identityValues[i] = row.identityValue;
            channels[i] = row.channel;
            directions[i] = row.direction;
            types[i] = row.type;
            occurred[i] = row.occurredAt.toString();
            recorded[i] = row.recordedAt.toString();
            campaigns[i] = row.campaignId;
            messages[i] = row.messageId;
            variants[i] = row.variant;
            amounts[i] = row.amount;
            currencies[i] = row.currency;
            details[i] = row.details.toString();
        }
        return NativeSql.execute("""
                INSERT INTO interaction (id, client_event_id, customer_id, identity_type, identity_value, channel, direction, type,
                                         occurred_at, recorded_at, campaign_id, message_id, variant, amount, currency, details)
                SELECT id, client_event_id, customer_id, identity_type, identity_value, channel, direction, type,
                       occurred_at, recorded_at, campaign_id, message_id, variant, amount, currency, CAST(details AS jsonb)
                FROM unnest(CAST(?1 AS uuid[]), CAST(?2 AS text[]), CAST(?3 AS uuid[]), CAST(?4 AS text[]), CAST(?5 AS text[]),
                            CAST(?6 AS text[]), CAST(?7 AS text[]), CAST(?8 AS text[]), CAST(CAST(?9 AS text[]) AS timestamptz[]),
                            CAST(CAST(?10 AS text[]) AS timestamptz[]), CAST(?11 AS uuid[]), CAST(?12 AS uuid[]), CAST(?13 AS text[]),
                            CAST(?14 AS numeric[]), CAST(?15 AS text[]), CAST(?16 AS text[]))
                     AS t(id, client_event_id, customer_id, identity_type, identity_value, channel, direction, type,
                          occurred_at, recorded_at, campaign_id, message_id, variant, amount, currency, details)""",
                ids, clientIds, customers, identityTypes, identityValues, channels, directions, types, occurred, recorded,
                campaigns, messages, variants, amounts, currencies, details);
    }

    /** What was stored before under these client event ids; one query over an array, planned once whatever the count. */
    private Uni<Map<String, Stored>> existing(List<String> clientIds) {
        return NativeSql.rows("SELECT client_event_id, id, customer_id FROM interaction WHERE client_event_id = ANY (CAST(?1 AS text[]))",
                        (Object) clientIds.toArray(String[]::new))
                .map(rows -> {
                    Map<String, Stored> existing = new HashMap<>();
                    for (Object[] row : rows) {
                        existing.put((String) row[0], new Stored((UUID) row[1], (UUID) row[2], true));
                    }
                    return existing;
                });
    }

    private static Interaction toRow(Checked item, UUID customerId, Instant now) {
        InteractionRequest request = item.request();
        Interaction row = new Interaction();
        row.id = UUID.randomUUID();
        row.clientEventId = request.clientEventId();
        row.customerId = customerId;
        if (item.identity() != null) {
            row.identityType = item.identity().type().wire();
            row.identityValue = item.identity().value();
        }
        row.channel = request.channel().wire();
        row.direction = item.direction().wire();
        row.type = request.type();
        row.occurredAt = request.occurredAt().truncatedTo(ChronoUnit.MICROS);
        row.recordedAt = now;
        row.campaignId = request.campaignId();
        row.messageId = request.messageId();
        row.variant = request.variant();
        row.amount = request.amount();
        row.currency = request.currency();
        row.details = item.details();
        return row;
    }

    static boolean isDuplicateKey(Throwable failure) {
        Set<Throwable> seen = new HashSet<>();
        for (Throwable t = failure; t != null && seen.add(t); t = t.getCause()) {
            String message = String.valueOf(t.getMessage());
            if (message.contains("23505") || message.contains("interaction_client_event")) {
                return true;
            }
        }
        return false;
    }
}
