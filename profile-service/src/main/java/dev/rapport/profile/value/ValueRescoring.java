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
 * Time changes value without any purchase: recency drops, and a silent customer becomes
 * churn-risk, then lapsed. This rescoring revisits buyers whose value was last computed more than
 * {@code rapport.value.rescore-after} ago, a batch at a time, and publishes those whose scores changed.
 */
@ApplicationScoped
public class ValueRescoring {

    private static final Logger LOG = Logger.getLogger(ValueRescoring.class);

    private final ValueService values;
    private final ValueConfig config;
    private final ProfileEvents events;

    public ValueRescoring(ValueService values, ValueConfig config, ProfileEvents events) {
        this.values = values;
        this.config = config;
        this.events = events;
    }

    @Scheduled(every = "${rapport.value.rescore-interval:PT1H}", delayed = "PT1M",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> rescoreStale() {
        return rescoreBatch()
                .onFailure().invoke(failure -> LOG.warnf("Value rescoring failed, retrying later: %s", Redaction.describe(failure)))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    /** Rescores one batch of stale customers; emits how many changed. */
    public Uni<Integer> rescoreBatch() {
        Instant staleBefore = Instant.now().minus(config.rescoreAfter());
        return Panache.withTransaction(() -> ValueLock.forWriting()
                .flatMap(locked -> Panache.getSession())
                .flatMap(session -> session.createSelectionQuery(
                                "select v.customerId from CustomerValueRow v where v.orderCount > 0 and v.updatedAt < :stale order by v.updatedAt",
                                UUID.class)
                        .setParameter("stale", staleBefore)
                        .setMaxResults(config.rescoreBatchSize())
                        .getResultList())
                .flatMap(this::rescore));
    }

    private Uni<Integer> rescore(List<UUID> customers) {
        if (customers.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        return Multi.createFrom().iterable(customers)
                .onItem().transformToUniAndConcatenate(id -> CustomerValueRow.<CustomerValueRow>findById(id)
                        .flatMap(before -> {
                            String lifecycle = before.lifecycle;
                            int recency = before.recencyScore;
                            return values.recompute(id).flatMap(after -> lifecycle.equals(after.lifecycle) && recency == after.recencyScore
                                    ? Uni.createFrom().item(0)
                                    : Profile.<Profile>findById(id).flatMap(profile -> {
                                        if (profile == null) {
                                            return Uni.createFrom().item(0);
                                        }
                                        profile.touch(Instant.now().truncatedTo(ChronoUnit.MICROS));
                                        return events.changed(profile).replaceWith(1);
                                    }));
                        }))
                .collect().with(java.util.stream.Collectors.summingInt(Integer::intValue));
    }
}
