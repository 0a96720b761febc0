package dev.rapport.profile.value;

import dev.rapport.contracts.Redaction;
import dev.rapport.profile.events.ProfileEvents;
import dev.rapport.profile.profiles.Profile;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

/**
 * Ranks all buyers by revenue and assigns the value tiers: {@code best} are the top customers
 * who together make up the first 20 % of all revenue, {@code high} the next 30 %, {@code medium}
 * the next 30 %, {@code low} the rest. The monetary RFM score is the customer's revenue percentile in fifths (1-5). Customers
 * whose tier changed get a new profile snapshot. One replica at a time does it ({@link ValueLock}).
 */
@ApplicationScoped
public class TierRecompute {

    private static final Logger LOG = Logger.getLogger(TierRecompute.class);

    private static final String RANK = """
            WITH ranked AS (
                SELECT customer_id,
                       COALESCE(SUM(revenue) OVER (ORDER BY revenue DESC, customer_id
                                ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS above,
                       SUM(revenue) OVER () AS total,
                       LEAST(5, 1 + FLOOR(PERCENT_RANK() OVER (ORDER BY revenue) * 5))::integer AS quintile
                FROM customer_value WHERE order_count > 0
            ), tiers AS (
                SELECT customer_id, quintile,
                       CASE WHEN total <= 0 THEN 'low'
                            WHEN above < total * 0.2 THEN 'best'
                            WHEN above < total * 0.5 THEN 'high'
                            WHEN above < total * 0.8 THEN 'medium'
                            ELSE 'low' END AS tier
                FROM ranked
            )
            UPDATE customer_value v SET tier = t.tier, monetary_score = t.quintile, updated_at = now()
            FROM tiers t
            WHERE v.customer_id = t.customer_id AND (v.tier <> t.tier OR v.monetary_score <> t.quintile)
            RETURNING v.customer_id""";

    private final ValueService values;
    private final ProfileEvents events;

    public TierRecompute(ValueService values, ProfileEvents events) {
        this.values = values;
        this.events = events;
    }

    @Scheduled(every = "${rapport.value.tier-recompute-interval:PT2S}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> recomputeIfStale() {
        if (!values.takeTiersStale()) {
            return Uni.createFrom().voidItem();
        }
        return recompute()
                .onFailure().invoke(failure -> {
                    values.markTiersStale();
                    LOG.warnf("Tier recomputation failed, retrying later: %s", Redaction.describe(failure));
                })
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    /** Recomputes all tiers now; emits how many customers changed tier or score. */
    public Uni<Integer> recompute() {
        return Panache.withTransaction(() -> ValueLock.forRanking()
                .flatMap(locked -> Panache.getSession())
                .flatMap(session -> session.createNativeQuery(RANK, UUID.class).getResultList())
                .flatMap(changed -> publish(changed).replaceWith(changed.size())));
    }

    private Uni<Void> publish(List<UUID> changed) {
        if (changed.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        return Multi.createFrom().iterable(changed)
                .onItem().transformToUniAndConcatenate(id -> Profile.<Profile>findById(id).flatMap(profile -> {
                    if (profile == null) {
                        return Uni.createFrom().voidItem();
                    }
                    profile.touch(now);
                    return events.changed(profile);
                }))
                .collect().last().replaceWithVoid();
    }
}
