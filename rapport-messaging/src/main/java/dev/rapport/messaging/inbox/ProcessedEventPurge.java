package dev.rapport.messaging.inbox;

import dev.rapport.contracts.Redaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** Forgets processed event ids older than the retention, so the table stays small. */
@ApplicationScoped
public class ProcessedEventPurge {

    private static final Logger LOG = Logger.getLogger(ProcessedEventPurge.class);

    private final Pool pool;
    private final Vertx vertx;
    private final InboxConfig config;
    private long timer = -1;

    public ProcessedEventPurge(Pool pool, Vertx vertx, InboxConfig config) {
        this.pool = pool;
        this.vertx = vertx;
        this.config = config;
    }

    void start(@Observes StartupEvent startup) {
        timer = vertx.setPeriodic(config.purgeInterval().toMillis(), id -> purge());
    }

    void stop(@Observes ShutdownEvent shutdown) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    void purge() {
        OffsetDateTime cutoff = OffsetDateTime.now(ZoneOffset.UTC).minus(config.retention());
        pool.preparedQuery("DELETE FROM rapport_processed_event WHERE processed_at < $1")
                .execute(Tuple.of(cutoff))
                .subscribe().with(
                        rows -> LOG.debugf("Forgot %d processed event ids", rows.rowCount()),
                        failure -> LOG.warnf("Could not purge processed event ids: %s", Redaction.describe(failure)));
    }
}
