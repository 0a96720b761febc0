package dev.rapport.messaging.inbox;

import dev.rapport.contracts.CloudEvent;
import dev.rapport.contracts.EventCodec;
import dev.rapport.contracts.EventTypes;
import dev.rapport.contracts.MalformedEventException;
import dev.rapport.contracts.Redaction;
import dev.rapport.messaging.ServiceLifecycle;
import dev.rapport.messaging.customers.CustomerLock;
import dev.rapport.messaging.customers.ErasedCustomers;
import dev.rapport.messaging.customers.EventCustomers;
import dev.rapport.messaging.outbox.OutboxRelay;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Idempotent consumption of Rapport events, a batch of records at a time. Use from an
 * {@code @Incoming} method of a channel with {@code batch=true} that takes a
 * {@code KafkaRecordBatch<String, String>} and returns the {@code Uni<Void>} this gives back:
 * <ul>
 * <li>the batch is applied in one transaction, in record order, which also records every event id
 * for this consumer; an id seen before changes nothing. A transaction per batch rather than per
 * event is what lets a consumer keep up with a busy topic;</li>
 * <li>it runs under the locks of every customer the batch is about ({@link CustomerLock}), taken
 * together in id order; an event about a customer erased here before (a late one, or one from
 * another topic than the erasure) is recorded but not applied, so nothing brings the customer back;</li>
 * <li>a record that is not a valid CloudEvent, or that its handler rejects, goes to
 * {@code rapport.dead-letter} with the reason ({@link DeadLetters}) and takes no other record with
 * it: a batch failing that way is applied again one record at a time, each in its own transaction;</li>
 * <li>a failure of any other kind (database or broker away) is retried with backoff until it
 * succeeds, so no event is skipped and every partition stays in order.</li>
 * </ul>
 */
@ApplicationScoped
public class EventInbox {

    private static final Logger LOG = Logger.getLogger(EventInbox.class);

    private final EventCodec codec;
    private final InboxConfig config;
    private final ErasedCustomers erased;
    private final ServiceLifecycle lifecycle;
    private final DeadLetters deadLetters;
    private final OutboxRelay relay;
    private final MeterRegistry registry;
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();
    private final Map<String, Timer> delays = new ConcurrentHashMap<>();

    public EventInbox(EventCodec codec, InboxConfig config, ErasedCustomers erased, ServiceLifecycle lifecycle, DeadLetters deadLetters,
                      OutboxRelay relay, MeterRegistry registry) {
        this.codec = codec;
        this.config = config;
        this.erased = erased;
        this.lifecycle = lifecycle;
        this.deadLetters = deadLetters;
        this.relay = relay;
        this.registry = registry;
    }

    /** One record of a batch: the event read from it, or why it could not be used. */
    private static final class Entry {
        final KafkaRecord<String, String> record;
        CloudEvent event;
        Throwable refusal;

        Entry(KafkaRecord<String, String> record) {
            this.record = record;
        }
    }

    public Uni<Void> consume(KafkaRecordBatch<String, String> batch, String consumer, Function<CloudEvent, Uni<Void>> handler) {
        long started = System.nanoTime();
        List<Entry> entries = new ArrayList<>();
        for (KafkaRecord<String, String> record : batch.getRecords()) {
            Entry entry = new Entry(record);
            recordDelay(record, consumer);
            try {
                entry.event = codec.decode(record.getPayload());
            } catch (MalformedEventException malformed) {
                // the reason may quote the record (personal data): it goes to the dead-letter header, not to the log
                LOG.warnf("Dead-lettering a malformed record for %s (topic %s)", consumer, where(record));
                entry.refusal = malformed;
            }
            entries.add(entry);
        }
        List<Entry> readable = entries.stream().filter(entry -> entry.event != null).toList();
        Uni<Void> applied = readable.isEmpty() ? Uni.createFrom().voidItem()
                : retryingOnContext(applyTogether(consumer, readable, handler))
                        .onFailure().recoverWithUni(refused -> applyOneByOne(consumer, readable, handler));
        return applied
                .flatMap(ignored -> deadLetter(entries))
                .flatMap(ignored -> Uni.createFrom().completionStage(batch.ack()))
                .invoke(() -> {
                    processing(consumer).record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
                    relay.nudge(); // what the batch published is committed now
                });
    }

    /** The whole batch in one transaction; fails (and changes nothing) if any event fails. */
    private Uni<Void> applyTogether(String consumer, List<Entry> entries, Function<CloudEvent, Uni<Void>> handler) {
        List<CloudEvent> events = entries.stream().map(entry -> entry.event).toList();
        return Panache.withTransaction(() -> recordProcessed(consumer, events).flatMap(fresh -> {
            List<CloudEvent> todo = new ArrayList<>();
            Set<String> taken = new HashSet<>();
            for (CloudEvent event : events) {
                if (fresh.contains(event.id()) && taken.add(event.id())) {
                    todo.add(event);
                }
            }
            if (todo.isEmpty()) {
                return Uni.createFrom().voidItem();
            }
            List<UUID> customers = todo.stream().flatMap(event -> EventCustomers.of(event, codec.mapper()).stream()).toList();
            return CustomerLock.lock(customers)
                    .flatMap(locked -> erased.erasedAmong(todo))
                    .flatMap(gone -> Multi.createFrom().iterable(todo)
                            .onItem().transformToUniAndConcatenate(event -> applyOne(consumer, event, gone, handler))
                            .collect().last())
                    .replaceWithVoid();
        }));
    }

    /**
     * One event inside the batch's transaction; the session is flushed and cleared after it, so
     * a long batch does not make every later statement check all the entities the earlier ones loaded.
     */
    private Uni<Void> applyOne(String consumer, CloudEvent event, Set<UUID> gone, Function<CloudEvent, Uni<Void>> handler) {
        if (ErasedCustomers.isAbout(event, gone)) {
            skipAboutErased(consumer, event);
            return Uni.createFrom().voidItem();
        }
        return handler.apply(event)
                .flatMap(ignored -> erased.recordIfErasure(event))
                .invoke(() -> {
                    if (EventTypes.PROFILE_ERASED.equals(event.type())) {
                        gone.addAll(EventCustomers.of(event, codec.mapper())); // later events of the batch see the erasure
                    }
                })
                .flatMap(ignored -> Panache.getSession())
                .flatMap(session -> session.flush().invoke(session::clear));
    }

    /** After a batch failed on what one of its records holds: each event alone, so only the bad ones are dead-lettered. */
    private Uni<Void> applyOneByOne(String consumer, List<Entry> entries, Function<CloudEvent, Uni<Void>> handler) {
        return Multi.createFrom().iterable(entries)
                .onItem().transformToUniAndConcatenate(entry -> retryingOnContext(processOnce(consumer, entry.event, handler))
                        .onFailure().recoverWithItem(refused -> {
                            LOG.warnf("Dead-lettering event %s (%s) for %s: %s", entry.event.id(), entry.event.type(), consumer,
                                    refused.getClass().getSimpleName());
                            entry.refusal = refused;
                            return Boolean.FALSE;
                        }))
                .collect().last().replaceWithVoid();
    }

    /** The refused records, in their order, each once Kafka has it; retried while Kafka is away. */
    private Uni<Void> deadLetter(List<Entry> entries) {
        List<Entry> refused = entries.stream().filter(entry -> entry.refusal != null).toList();
        if (refused.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Multi.createFrom().iterable(refused)
                .onItem().transformToUniAndConcatenate(entry -> retryingOnContext(deadLetters.send(entry.record, entry.refusal)))
                .collect().last().replaceWithVoid();
    }

    /** Records the ids for this consumer; emits those not recorded before. */
    private static Uni<Set<String>> recordProcessed(String consumer, List<CloudEvent> events) {
        String[] ids = events.stream().map(CloudEvent::id).distinct().toArray(String[]::new);
        return Panache.getSession().flatMap(session -> session.createNativeQuery("""
                        INSERT INTO rapport_processed_event (consumer, event_id)
                        SELECT :consumer, id FROM unnest(CAST(:ids AS text[])) AS id
                        ON CONFLICT DO NOTHING RETURNING event_id""", String.class)
                .setParameter("consumer", consumer)
                .setParameter("ids", ids)
                .getResultList())
                .map(HashSet::new);
    }

    /**
     * Applies the handler and records the event id in one transaction, unless this consumer has
     * already processed the event or its customer was erased. Emits whether the handler ran.
     */
    public Uni<Boolean> processOnce(String consumer, CloudEvent event, Function<CloudEvent, Uni<Void>> handler) {
        return Panache.withTransaction(() -> recordProcessed(consumer, List.of(event))
                .flatMap(fresh -> fresh.isEmpty()
                        ? Uni.createFrom().item(Boolean.FALSE)
                        : CustomerLock.lock(EventCustomers.of(event, codec.mapper()))
                                .flatMap(locked -> erased.isAboutErased(event))
                                .flatMap(gone -> {
                                    if (gone) {
                                        skipAboutErased(consumer, event);
                                        return Uni.createFrom().item(Boolean.FALSE);
                                    }
                                    return handler.apply(event).flatMap(ignored -> erased.recordIfErasure(event)).replaceWith(Boolean.TRUE);
                                })));
    }

    /** A late event about an erased customer: recorded as processed, applied never, so the customer stays erased. */
    private static void skipAboutErased(String consumer, CloudEvent event) {
        LOG.debugf("Skipping event %s (%s) for %s: its customer was erased", event.id(), event.type(), consumer);
    }

    /** How long events wait between being produced and this consumer taking them up (relay, broker, queue). */
    private void recordDelay(KafkaRecord<String, String> record, String consumer) {
        if (record.getTimestamp() == null) {
            return;
        }
        long age = System.currentTimeMillis() - record.getTimestamp().toEpochMilli();
        if (age >= 0) {
            delays.computeIfAbsent(consumer, name -> Timer.builder("rapport.inbox.delay")
                    .description("Time from an event's production until its consumer takes it up")
                    .tag("consumer", name).publishPercentiles(0.5, 0.99).register(registry)).record(age, TimeUnit.MILLISECONDS);
        }
    }

    private Timer processing(String consumer) {
        return timers.computeIfAbsent(consumer, name -> Timer.builder("rapport.inbox.batch")
                .description("Time to apply one batch of records, its transaction and dead letters included")
                .tag("consumer", name).publishPercentiles(0.5, 0.99).register(registry));
    }

    private static String where(KafkaRecord<String, String> record) {
        return record.getTopic() + "-" + record.getPartition() + "@" + DeadLetters.offsetOf(record);
    }

    /** Retries transient failures; each attempt is subscribed on the caller's Vert.x context, as Hibernate Reactive requires. */
    private <T> Uni<T> retryingOnContext(Uni<T> attempt) {
        Context context = Vertx.currentContext();
        Executor onContext = context == null ? Runnable::run : task -> context.runOnContext(ignored -> task.run());
        return attempt
                .runSubscriptionOn(onContext)
                .onFailure(EventInbox::isTransient)
                .invoke(failure -> {
                    if (lifecycle.isStopping()) {
                        LOG.debugf("Event processing stopped by the shutdown; the event is consumed again at the next start: %s",
                                Redaction.describe(failure));
                    } else {
                        LOG.warnf("Event processing failed, retrying: %s", Redaction.describe(failure));
                    }
                })
                .onFailure(EventInbox::isTransient)
                .retry().withBackOff(config.retryInitialBackoff(), config.retryMaxBackoff()).indefinitely();
    }

    /**
     * Worth retrying: the database or broker being away, a lock or serialization conflict. Not: a
     * record that is malformed or rejected, a handler failing on what the record holds (a null it
     * did not expect, a value out of range, an entity without its id), or the database refusing the data itself (SQLSTATE
     * class 22, and class 23 except a unique violation, which a concurrent replica may cause): such
     * a record fails the same way on every retry and would stop the partition for good.
     */
    static boolean isTransient(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof RejectedEventException || t instanceof MalformedEventException
                    || t instanceof NullPointerException || t instanceof ClassCastException || t instanceof IllegalArgumentException
                    || t instanceof ArithmeticException || t instanceof java.time.DateTimeException || t instanceof IndexOutOfBoundsException
                    || t instanceof org.hibernate.id.IdentifierGenerationException) {
                return false;
            }
            String state = t instanceof org.hibernate.JDBCException jdbc ? jdbc.getSQLState()
                    : t instanceof io.vertx.pgclient.PgException pg ? pg.getSqlState() : null;
            if (state != null && (state.startsWith("22") || (state.startsWith("23") && !state.equals("23505")))) {
                return false;
            }
        }
        return true;
    }
}
