package dev.rapport.messaging.outbox;

import dev.rapport.contracts.Redaction;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Publishes committed outbox rows to Kafka in commit order and removes them once Kafka has
 * acknowledged them: the removal is the "sent" mark, in the same transaction that read them.
 *
 * <p>Only one relay in the whole deployment works at a time (a transaction-scoped PostgreSQL
 * advisory lock), which keeps every customer's events in order across replicas. A crash between
 * Kafka's acknowledgement and the commit publishes those rows again: delivery is at least once,
 * and consumers discard the duplicate by event id.
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    /** Arbitrary, fixed: identifies the relay's advisory lock in this database. */
    private static final long RELAY_LOCK = 0x7261_7070_6f72_7401L;
    private static final byte[] CLOUDEVENTS_JSON = "application/cloudevents+json".getBytes(StandardCharsets.UTF_8);

    private final Pool pool;
    private final Vertx vertx;
    private final MutinyEmitter<String> kafka;
    private final OutboxConfig config;
    private final RelayBackoff backoff;
    private final Counter published;
    private final Counter failures;

    private final AtomicBoolean busy = new AtomicBoolean();
    private volatile boolean nudged;
    private volatile boolean stopped = true;
    private volatile long timer = -1;
    private volatile long lastFailureLog;

    public OutboxRelay(Pool pool, Vertx vertx,
                       @Channel("rapport-outbox") @OnOverflow(OnOverflow.Strategy.UNBOUNDED_BUFFER) MutinyEmitter<String> kafka,
                       OutboxConfig config, MeterRegistry registry) {
        this.pool = pool;
        this.vertx = vertx;
        this.kafka = kafka;
        this.config = config;
        this.backoff = new RelayBackoff(Math.max(1, config.minPollInterval().toMillis()), config.maxPollInterval().toMillis());
        this.published = Counter.builder("rapport.outbox.published").description("Outbox events published to Kafka").register(registry);
        this.failures = Counter.builder("rapport.outbox.failures").description("Failed relay attempts").register(registry);
    }

    void start(@Observes StartupEvent startup) {
        if (config.relayEnabled()) {
            stopped = false;
            nudge(); // rows left by a previous run are published first
        }
    }

    void stop(@Observes ShutdownEvent shutdown) {
        stopped = true;
        cancelTimer();
    }

    /** A row was written: look for committed rows now and shortly after. */
    public void nudge() {
        nudged = true;
        if (!stopped && busy.compareAndSet(false, true)) {
            cancelTimer();
            look();
        }
    }

    private void look() {
        nudged = false;
        relayBatch().subscribe().with(this::afterLook, this::afterFailure);
    }

    private void afterLook(int count) {
        if (nudged) {
            backoff.reset();
        }
        long delay = nudged ? 0 : backoff.afterLook(count, config.batchSize());
        if (delay == 0 && !stopped) {
            look(); // still busy
            return;
        }
        schedule(delay);
    }

    private void afterFailure(Throwable failure) {
        failures.increment();
        long now = System.currentTimeMillis();
        if (now - lastFailureLog > 30_000) { // one line per 30 s while Kafka or the database is away
            lastFailureLog = now;
            LOG.warnf("Outbox relay could not publish, will retry every %s: %s", config.retryInterval(), Redaction.describe(failure));
        }
        schedule(config.retryInterval().toMillis());
    }

    private void schedule(long delayMillis) {
        if (!stopped) {
            timer = vertx.setTimer(Math.max(1, delayMillis), id -> {
                if (busy.compareAndSet(false, true)) {
                    look();
                }
            });
        }
        busy.set(false);
        if (nudged && !stopped && busy.compareAndSet(false, true)) { // a nudge raced with the reschedule
            cancelTimer();
            look();
        }
    }

    private void cancelTimer() {
        long id = timer;
        if (id >= 0) {
            vertx.cancelTimer(id);
        }
    }

    /** One transaction: take the lock, read a batch in order, publish it, delete it. */
    Uni<Integer> relayBatch() {
        return pool.withTransaction(connection -> connection
                .query("SELECT pg_try_advisory_xact_lock(" + RELAY_LOCK + ")").execute()
                .flatMap(lock -> lock.iterator().next().getBoolean(0)
                        ? publishBatch(connection)
                        : Uni.createFrom().item(0)));
    }

    private Uni<Integer> publishBatch(SqlConnection connection) {
        return connection
                .preparedQuery("SELECT id, topic, message_key, event_type, payload FROM rapport_outbox ORDER BY seq LIMIT $1")
                .execute(Tuple.of(config.batchSize()))
                .flatMap(rows -> {
                    if (rows.size() == 0) {
                        return Uni.createFrom().item(0);
                    }
                    List<Uni<Void>> sends = new ArrayList<>(rows.size());
                    List<UUID> ids = new ArrayList<>(rows.size());
                    for (Row row : rows) {
                        ids.add(row.getUUID("id"));
                        sends.add(kafka.sendMessage(toMessage(row)));
                    }
                    return Uni.join().all(sends).andFailFast()
                            .flatMap(sent -> connection.preparedQuery("DELETE FROM rapport_outbox WHERE id = ANY($1)")
                                    .execute(Tuple.of(ids.toArray(UUID[]::new))))
                            .map(RowSet::rowCount)
                            .invoke(count -> published.increment(count));
                });
    }

    private static Message<String> toMessage(Row row) {
        OutgoingKafkaRecordMetadata<String> metadata = OutgoingKafkaRecordMetadata.<String>builder()
                .withTopic(row.getString("topic"))
                .withKey(row.getString("message_key"))
                .withHeaders(List.of(
                        new RecordHeader("content-type", CLOUDEVENTS_JSON),
                        new RecordHeader("ce_type", row.getString("event_type").getBytes(StandardCharsets.UTF_8))))
                .build();
        return Message.of(row.getString("payload")).addMetadata(metadata);
    }
}
