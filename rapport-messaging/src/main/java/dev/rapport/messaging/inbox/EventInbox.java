package dev.rapport.messaging.inbox;

import dev.rapport.contracts.CloudEvent;
import dev.rapport.contracts.EventCodec;
import dev.rapport.contracts.MalformedEventException;
import dev.rapport.contracts.Redaction;
import dev.rapport.messaging.ServiceLifecycle;
import dev.rapport.messaging.customers.CustomerLock;
import dev.rapport.messaging.customers.ErasedCustomers;
import dev.rapport.messaging.customers.EventCustomers;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import java.util.concurrent.Executor;
import java.util.function.Function;

/**
 * Idempotent consumption of Rapport events. Use from an {@code @Incoming} method that takes a
 * {@code Message<String>} and returns the {@code Uni<Void>} this gives back:
 * <ul>
 * <li>a record that is not a valid CloudEvent, or that the handler rejects, is nacked and goes to
 * the channel's dead-letter topic with the reason (configure {@code failure-strategy=dead-letter-queue});</li>
 * <li>otherwise the handler runs in a transaction that also records the event id for this
 * consumer; an id seen before changes nothing;</li>
 * <li>it runs under the locks of the customers it is about ({@link CustomerLock}); an event about a
 * customer erased here before (a late one, or one from another topic than the erasure) is recorded
 * but not applied, so nothing brings the customer back;</li>
 * <li>a failure of any other kind (database or broker away) is retried with backoff until it
 * succeeds, so no event is skipped and the partition stays in order.</li>
 * </ul>
 */
@ApplicationScoped
public class EventInbox {

    private static final Logger LOG = Logger.getLogger(EventInbox.class);

    private final EventCodec codec;
    private final InboxConfig config;
    private final ErasedCustomers erased;
    private final ServiceLifecycle lifecycle;

    public EventInbox(EventCodec codec, InboxConfig config, ErasedCustomers erased, ServiceLifecycle lifecycle) {
        this.codec = codec;
        this.config = config;
        this.erased = erased;
        this.lifecycle = lifecycle;
    }

    public Uni<Void> consume(Message<String> message, String consumer, Function<CloudEvent, Uni<Void>> handler) {
        CloudEvent event;
        try {
            event = codec.decode(message.getPayload());
        } catch (MalformedEventException malformed) {
            // the reason may quote the record (personal data): it goes to the dead-letter header, not to the log
            LOG.warnf("Dead-lettering a malformed record for %s (topic %s)", consumer, topicOf(message));
            return Uni.createFrom().completionStage(message.nack(malformed));
        }
        return retryingOnContext(processOnce(consumer, event, handler))
                .onItemOrFailure().transformToUni((applied, failure) -> {
                    if (failure == null) {
                        return Uni.createFrom().completionStage(message.ack());
                    }
                    LOG.warnf("Dead-lettering event %s (%s) for %s: %s", event.id(), event.type(), consumer,
                            failure.getClass().getSimpleName());
                    return Uni.createFrom().completionStage(message.nack(failure));
                });
    }

    /**
     * Applies the handler and records the event id in one transaction, unless this consumer has
     * already processed the event or its customer was erased. Emits whether the handler ran.
     */
    public Uni<Boolean> processOnce(String consumer, CloudEvent event, Function<CloudEvent, Uni<Void>> handler) {
        return Panache.withTransaction(() -> Panache.getSession()
                .flatMap(session -> session.createNativeQuery(
                                "INSERT INTO rapport_processed_event (consumer, event_id) VALUES (:consumer, :eventId) ON CONFLICT DO NOTHING")
                        .setParameter("consumer", consumer)
                        .setParameter("eventId", event.id())
                        .executeUpdate())
                .flatMap(inserted -> inserted == 0
                        ? Uni.createFrom().item(Boolean.FALSE)
                        : CustomerLock.lock(EventCustomers.of(event, codec.mapper()))
                                .flatMap(locked -> erased.isAboutErased(event))
                                .flatMap(gone -> gone ? skipAboutErased(consumer, event)
                                        : handler.apply(event).flatMap(ignored -> erased.recordIfErasure(event)).replaceWith(Boolean.TRUE))));
    }

    /** A late event about an erased customer: recorded as processed, applied never, so the customer stays erased. */
    private static Uni<Boolean> skipAboutErased(String consumer, CloudEvent event) {
        LOG.debugf("Skipping event %s (%s) for %s: its customer was erased", event.id(), event.type(), consumer);
        return Uni.createFrom().item(Boolean.FALSE);
    }

    private static String topicOf(Message<String> message) {
        return message.getMetadata(io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata.class)
                .map(metadata -> metadata.getTopic() + "-" + metadata.getPartition() + "@" + metadata.getOffset())
                .orElse("unknown");
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
