package dev.rapport.delivery.requests;

import dev.rapport.contracts.Redaction;
import dev.rapport.contracts.WireName;
import dev.rapport.contracts.events.CampaignCategory;
import dev.rapport.contracts.events.Channel;
import dev.rapport.contracts.events.ChannelContent;
import dev.rapport.contracts.events.Decision;
import dev.rapport.contracts.events.DeliveryStatus;
import dev.rapport.delivery.channels.ChannelAdapter;
import dev.rapport.delivery.channels.DeliveryConfig;
import dev.rapport.delivery.channels.EmailChannel;
import dev.rapport.delivery.channels.PermanentChannelFailure;
import dev.rapport.delivery.channels.ProviderChannels;
import dev.rapport.delivery.channels.StoredChannels;
import dev.rapport.delivery.conversation.ConversationLog;
import dev.rapport.delivery.customers.CustomerFactsService;
import dev.rapport.delivery.policy.ContactPolicy;
import dev.rapport.delivery.policy.CustomerFacts;
import dev.rapport.messaging.ServiceLifecycle;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import dev.rapport.messaging.BackgroundWork;
import io.vertx.core.Vertx;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Sends what the policy decided to send, and re-decides deferred messages when they are due.
 * A message is claimed ({@code sending}) in its own transaction before it goes out and marked
 * {@code sent} after, so a message is never sent twice: transient failures go back to the queue with
 * backoff, and a message found still {@code sending} after a crash is failed rather than resent.
 * Right before it goes out, consent and contact point are checked again against the customer's
 * current facts: a consent revoked while the message waited in the queue suppresses it.
 */
@ApplicationScoped
public class Sender {

    private static final Logger LOG = Logger.getLogger(Sender.class);

    private final Map<Channel, ChannelAdapter> adapters = new EnumMap<>(Channel.class);
    private final Instance<DeliveryService> deliveries;
    private final CustomerFactsService customers;
    private final ConversationLog conversation;
    private final DeliveryEvents events;
    private final DeliveryConfig config;
    private final Vertx vertx;
    private final ServiceLifecycle lifecycle;
    private final BackgroundWork background;
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicBoolean nudged = new AtomicBoolean();

    public Sender(EmailChannel email, ProviderChannels providers, StoredChannels stored, Instance<DeliveryService> deliveries,
                  CustomerFactsService customers, ConversationLog conversation, DeliveryEvents events, DeliveryConfig config,
                  Vertx vertx, ServiceLifecycle lifecycle, BackgroundWork background) {
        adapters.put(Channel.EMAIL, email);
        providers.adapters().forEach(adapter -> adapters.put(adapter.channel(), adapter));
        stored.adapters().forEach(adapter -> adapters.put(adapter.channel(), adapter));
        this.deliveries = deliveries;
        this.customers = customers;
        this.conversation = conversation;
        this.events = events;
        this.config = config;
        this.vertx = vertx;
        this.lifecycle = lifecycle;
        this.background = background;
    }

    /**
     * Something was queued: run a round shortly, so a message waits milliseconds rather than the
     * polling interval. Called inside the deciding transaction, hence the short delay for its commit;
     * whatever a round misses the next one (at the latest the scheduled one) picks up.
     */
    void nudge() {
        nudged.set(true);
        vertx.setTimer(config.nudgeDelay().toMillis(), id -> startRound());
    }

    @Scheduled(every = "${rapport.delivery.sender-interval:PT1S}")
    void scheduledRound() {
        startRound();
    }

    /** One round at a time per instance; a nudge during a round makes it go again. */
    private void startRound() {
        // no new rounds once the service stops: the database pool is closing under them
        if (lifecycle.isStopping() || !running.compareAndSet(false, true)) {
            return;
        }
        nudged.set(false);
        // a fresh context each round: a nudge's timer fires on the deciding request's context, whose session is not ours
        background.now("Sender round", this::round, this::finishRound);
    }

    private void finishRound() {
        running.set(false);
        if (nudged.get()) {
            startRound();
        }
    }

    Uni<Void> round() {
        return redecideDue()
                .flatMap(ignored -> failAbandoned())
                .flatMap(ignored -> sendQueued())
                .onFailure().invoke(failure -> {
                    // a round cut short by the shutdown is taken up by the next start: a message it had claimed is failed as
                    // abandoned (never sent twice), queued ones are sent
                    if (lifecycle.isStopping()) {
                        LOG.debugf("Sender round stopped by the shutdown: %s", Redaction.describe(failure));
                    } else {
                        LOG.warnf("Sender round failed, retrying next round: %s", Redaction.describe(failure));
                    }
                })
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    private Uni<Void> redecideDue() {
        return Panache.withTransaction(() -> Delivery.<Delivery>find("status = ?1 and nextAttemptAt <= ?2 order by nextAttemptAt",
                        Delivery.DEFERRED, Instant.now()).page(0, config.batchSize()).list()
                .flatMap(due -> Multi.createFrom().iterable(due)
                        .onItem().transformToUniAndConcatenate(delivery -> deliveries.get().redecide(delivery))
                        .collect().asList()))
                .replaceWithVoid();
    }

    private Uni<Void> failAbandoned() {
        return Panache.withTransaction(() -> Delivery.<Delivery>list("status = ?1 and nextAttemptAt < ?2", Delivery.SENDING,
                        Instant.now().minus(config.abandonedAfter()))
                .flatMap(abandoned -> Multi.createFrom().iterable(abandoned)
                        .onItem().transformToUniAndConcatenate(delivery -> fail(delivery,
                                "interrupted while sending; not retried so that it is never sent twice"))
                        .collect().asList()))
                .replaceWithVoid();
    }

    /**
     * Several senders side by side, each on a context (and database session) of its own, each claiming
     * one message at a time and sending it before claiming the next: a crash leaves at most one message
     * per sender whose fate is unknown (it is failed, not resent), never a whole batch.
     */
    private Uni<Void> sendQueued() {
        int senders = Math.max(1, config.sendConcurrency());
        int each = Math.max(1, config.batchSize() / senders);
        List<Uni<Integer>> running = new java.util.ArrayList<>(senders);
        for (int i = 0; i < senders; i++) {
            running.add(background.onOwnContext(() -> sendNext(each, 0)));
        }
        return Uni.join().all(running).andCollectFailures().invoke(sent -> {
            if (sent.stream().anyMatch(n -> n >= each)) {
                nudged.set(true); // a sender used its whole share, so more may be waiting: the next round starts right after
            }
        }).replaceWithVoid();
    }

    /** Claims and sends one message after the other, at most {@code remaining}; emits how many it took. */
    private Uni<Integer> sendNext(int remaining, int sent) {
        if (remaining == 0) {
            return Uni.createFrom().item(sent);
        }
        return claimOne().flatMap(claimed -> claimed.isEmpty()
                ? Uni.createFrom().item(sent)
                : sendOne(claimed.get(0)).flatMap(ignored -> sendNext(remaining - 1, sent + 1)));
    }

    private Uni<List<UUID>> claimOne() {
        return Panache.withTransaction(() -> Panache.getSession().flatMap(session -> session.createNativeQuery("""
                        UPDATE delivery SET status = 'sending', attempts = attempts + 1, next_attempt_at = now()
                        WHERE message_id IN (SELECT message_id FROM delivery WHERE status = 'queued' AND next_attempt_at <= now()
                                             ORDER BY next_attempt_at LIMIT 1 FOR UPDATE SKIP LOCKED)
                        RETURNING message_id""", UUID.class)
                .getResultList()));
    }

    private Uni<Void> sendOne(UUID messageId) {
        // adapters may complete on their own threads (the JDK HTTP client): the database work after them belongs on this context
        io.vertx.core.Context context = io.vertx.core.Vertx.currentContext();
        java.util.concurrent.Executor onContext = context == null ? Runnable::run : task -> context.runOnContext(ignored -> task.run());
        return Panache.withSession(() -> Delivery.<Delivery>findById(messageId)
                        .flatMap(delivery -> delivery == null ? Uni.createFrom().<Claimed>nullItem()
                                : customers.load(delivery.customerId).map(facts -> new Claimed(delivery, facts))))
                .flatMap(claimed -> {
                    if (claimed == null) { // erased since it was claimed
                        return Uni.createFrom().voidItem();
                    }
                    Delivery delivery = claimed.delivery();
                    Channel channel = Channel.fromWire(delivery.channel);
                    // consent revoked or the address invalidated while the message waited: it does not go out
                    Optional<String> refusal = ContactPolicy.refusalAtSend(WireName.parse(CampaignCategory.class, delivery.category),
                            channel, claimed.facts());
                    if (refusal.isPresent()) {
                        return Panache.withTransaction(() -> Delivery.<Delivery>findById(messageId)
                                .flatMap(row -> suppressBeforeSending(row, refusal.get())));
                    }
                    ChannelAdapter adapter = adapters.get(channel);
                    ChannelContent content = delivery.contentFor(channel);
                    Uni<Void> sending = adapter == null
                            ? Uni.createFrom().failure(new PermanentChannelFailure("no adapter for " + channel.wire()))
                            : Uni.createFrom().deferred(() -> adapter.send(delivery, content, claimed.facts()));
                    return sending
                            .emitOn(onContext)
                            .onFailure().recoverWithUni(failure -> Uni.createFrom().<Void>failure(failure).emitOn(onContext))
                            .flatMap(sent -> Panache.withTransaction(() -> Delivery.<Delivery>findById(messageId).flatMap(this::markSent)))
                            .onFailure().recoverWithUni(failure -> Panache.withTransaction(() -> Delivery.<Delivery>findById(messageId)
                                    .flatMap(row -> failure instanceof PermanentChannelFailure || row.attempts >= config.maxAttempts()
                                            ? fail(row, Redaction.redact(failure.getMessage()))
                                            : retryLater(row, failure))));
                });
    }

    /** A claimed message and what is known about its customer now. */
    private record Claimed(Delivery delivery, CustomerFacts facts) {
    }

    /**
     * Recorded the way the policy records its own suppressions: a new decision with the reason, in
     * the conversation and on the delivery events. The claim counted an attempt that was never made.
     */
    private Uni<Void> suppressBeforeSending(Delivery delivery, String reason) {
        if (delivery == null) { // erased meanwhile
            return Uni.createFrom().voidItem();
        }
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        delivery.attempts = Math.max(0, delivery.attempts - 1);
        delivery.decision = Decision.SUPPRESSED.wire();
        delivery.decidedAt = now;
        delivery.reason = reason;
        delivery.status = Delivery.SUPPRESSED;
        delivery.nextAttemptAt = null;
        return conversation.append("decision", delivery, reason, null)
                .flatMap(ignored -> events.decided(delivery, now));
    }

    private Uni<Void> markSent(Delivery delivery) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        delivery.status = Delivery.SENT;
        delivery.sentAt = now;
        return conversation.append("status", delivery, Delivery.SENT, null)
                .flatMap(ignored -> events.statusChanged(delivery, DeliveryStatus.ACCEPTED, null, now));
    }

    private Uni<Void> retryLater(Delivery delivery, Throwable failure) {
        Duration backoff = config.retryBackoff().multipliedBy(1L << Math.min(delivery.attempts - 1, 10));
        LOG.warnf("Sending %s on %s failed (attempt %d), retrying in %s: %s", delivery.messageId, delivery.channel,
                delivery.attempts, backoff, Redaction.describe(failure));
        delivery.status = Delivery.QUEUED;
        delivery.nextAttemptAt = Instant.now().plus(backoff);
        return Uni.createFrom().voidItem();
    }

    private Uni<Void> fail(Delivery delivery, String reason) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        delivery.status = Delivery.FAILED;
        return conversation.append("status", delivery, Delivery.FAILED + ": " + reason, null)
                .flatMap(ignored -> events.statusChanged(delivery, DeliveryStatus.FAILED, reason, now));
    }
}
