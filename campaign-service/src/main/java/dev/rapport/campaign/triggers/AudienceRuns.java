package dev.rapport.campaign.triggers;

import dev.rapport.campaign.CampaignConfig;
import dev.rapport.campaign.campaigns.Campaign;
import dev.rapport.campaign.campaigns.CampaignCatalog;
import dev.rapport.campaign.campaigns.CampaignCatalog.LiveCampaign;
import dev.rapport.campaign.campaigns.CampaignSpec;
import dev.rapport.campaign.enrolment.Enrolment;
import dev.rapport.campaign.enrolment.EnrolmentOutcome;
import dev.rapport.campaign.segments.CustomerViews;
import dev.rapport.contracts.Redaction;
import dev.rapport.messaging.persistence.NativeSql;
import dev.rapport.messaging.ServiceLifecycle;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Runs the campaigns no single interaction triggers: schedules (once at {@code at}, or every
 * {@code every} from then) and inactivity (customers with no visit or purchase for N days,
 * scanned every {@code rapport.campaign.inactivity-scan}). A run streams the audience a page at a
 * time, each page in its own transaction that also records how far the run got, so a run
 * survives a restart and no customer is held in memory beyond one page. It also completes
 * campaigns whose validity has ended and one-time schedules that have run.
 */
@ApplicationScoped
public class AudienceRuns {

    private static final Logger LOG = Logger.getLogger(AudienceRuns.class);

    private final CampaignCatalog catalog;
    private final CustomerViews customers;
    private final Enrolment enrolment;
    private final CampaignConfig config;
    private final ServiceLifecycle lifecycle;

    public AudienceRuns(CampaignCatalog catalog, CustomerViews customers, Enrolment enrolment, CampaignConfig config,
                        ServiceLifecycle lifecycle) {
        this.catalog = catalog;
        this.customers = customers;
        this.enrolment = enrolment;
        this.config = config;
        this.lifecycle = lifecycle;
    }

    /** A run of one campaign for one occurrence: a schedule's due time, or an inactivity scan period. */
    record Run(LiveCampaign campaign, String occurrence, Instant triggeredAt) {
    }

    @Scheduled(every = "${rapport.campaign.audience-check:PT10S}", delayed = "PT1S", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> runDue() {
        Instant now = Instant.now();
        return completeEnded(now)
                .flatMap(ignored -> Panache.withSession(catalog::get))
                .flatMap(snapshot -> Multi.createFrom().iterable(snapshot.active().stream()
                                .map(campaign -> due(campaign, now, config.inactivityScan()))
                                .filter(java.util.Objects::nonNull)
                                .toList())
                        .onItem().transformToUniAndConcatenate(this::run)
                        .collect().last())
                .replaceWithVoid()
                .onFailure().invoke(failure -> {
                    if (lifecycle.isStopping()) {
                        LOG.debugf("A campaign audience run stopped by the shutdown resumes at the next start: %s", Redaction.describe(failure));
                    } else {
                        LOG.warnf("A campaign audience run failed; it resumes at the next check: %s", Redaction.describe(failure));
                    }
                })
                .onFailure().recoverWithNull();
    }

    static Run due(LiveCampaign campaign, Instant now) {
        CampaignSpec.Trigger trigger = campaign.spec().trigger();
        if ("schedule".equals(trigger.type()) && trigger.at() != null && !now.isBefore(trigger.at())) {
            Instant occurrence = trigger.at();
            Duration every = trigger.every();
            if (every != null && !every.isZero() && !every.isNegative()) {
                long periods = Duration.between(trigger.at(), now).dividedBy(every);
                occurrence = trigger.at().plus(every.multipliedBy(periods));
            }
            return new Run(campaign, "schedule:" + occurrence, occurrence);
        }
        return null;
    }

    static Run dueInactivity(LiveCampaign campaign, Instant now, Duration scan) {
        long period = now.toEpochMilli() / scan.toMillis();
        return new Run(campaign, "inactivity-scan:" + Instant.ofEpochMilli(period * scan.toMillis()), now);
    }

    private Run due(LiveCampaign campaign, Instant now, Duration scan) {
        return "inactivity".equals(campaign.spec().trigger().type()) ? dueInactivity(campaign, now, scan) : due(campaign, now);
    }

    Uni<Void> run(Run run) {
        return Panache.withTransaction(() -> NativeSql.execute("""
                        INSERT INTO audience_run (campaign_id, occurrence, started_at) VALUES (?1, ?2, now())
                        ON CONFLICT (campaign_id, occurrence) DO NOTHING""", run.campaign().id(), run.occurrence()))
                .flatMap(ignored -> page(run));
    }

    /** One page of the audience in one transaction, from where the run got to; then the next, until the audience is done. */
    private Uni<Void> page(Run run) {
        Instant now = Instant.now();
        return Panache.withTransaction(() -> NativeSql.rows("SELECT pg_try_advisory_xact_lock(hashtext(?1)), 1",
                        run.campaign().id() + "/" + run.occurrence())
                .flatMap(lock -> {
                    if (!Boolean.TRUE.equals(lock.get(0)[0])) {
                        return Uni.createFrom().item(Boolean.FALSE); // another replica runs this page
                    }
                    return NativeSql.rows("SELECT finished_at IS NOT NULL, after_customer FROM audience_run WHERE campaign_id = ?1 AND occurrence = ?2",
                                    run.campaign().id(), run.occurrence())
                            .flatMap(state -> Boolean.TRUE.equals(state.get(0)[0]) ? Uni.createFrom().item(Boolean.FALSE)
                                    : customers.page((UUID) state.get(0)[1], config.audiencePageSize()).flatMap(page -> enterAll(run, page, now)
                                    .flatMap(entered -> advance(run, page, entered))));
                }))
                .flatMap(more -> more ? page(run) : Uni.createFrom().voidItem());
    }

    private Uni<Integer> enterAll(Run run, List<CustomerViews.Customer> page, Instant now) {
        boolean inactivity = "inactivity".equals(run.campaign().spec().trigger().type());
        Instant inactiveBefore = inactivity ? now.minus(Duration.ofDays(run.campaign().spec().trigger().inactiveDays())) : null;
        return Multi.createFrom().iterable(page)
                .onItem().transformToUniAndConcatenate(customer -> {
                    if (!inactivity) {
                        return enrolment.enter(run.campaign(), customer, run.occurrence(), run.triggeredAt(), now);
                    }
                    Instant last = customer.view().lastActivity();
                    if (last == null || last.isAfter(inactiveBefore)) {
                        return Uni.createFrom().item(EnrolmentOutcome.NOT_IN_SEGMENT);
                    }
                    // the same stretch of inactivity triggers once; a new one after a return triggers again
                    return enrolment.enter(run.campaign(), customer, "inactive-since:" + last, now, now);
                })
                .filter(outcome -> outcome == EnrolmentOutcome.REQUESTED || outcome == EnrolmentOutcome.HELD_OUT)
                .collect().with(java.util.stream.Collectors.counting())
                .map(Long::intValue);
    }

    /** Records the run's progress; emits whether there is more of the audience to go. */
    private Uni<Boolean> advance(Run run, List<CustomerViews.Customer> page, int entered) {
        if (page.isEmpty()) {
            boolean oneTime = "schedule".equals(run.campaign().spec().trigger().type()) && run.campaign().spec().trigger().every() == null;
            return NativeSql.execute("UPDATE audience_run SET finished_at = now() WHERE campaign_id = ?1 AND occurrence = ?2",
                            run.campaign().id(), run.occurrence())
                    .flatMap(ignored -> oneTime ? complete(run.campaign().id()) : Uni.createFrom().item(0))
                    .replaceWith(Boolean.FALSE);
        }
        return NativeSql.execute("UPDATE audience_run SET after_customer = ?3, entered = entered + ?4 WHERE campaign_id = ?1 AND occurrence = ?2",
                        run.campaign().id(), run.occurrence(), page.get(page.size() - 1).id(), entered)
                .replaceWith(Boolean.TRUE);
    }

    private Uni<Integer> complete(UUID campaignId) {
        return NativeSql.execute("UPDATE campaign SET status = ?2, updated_at = now() WHERE id = ?1 AND status = ?3",
                campaignId, Campaign.COMPLETED, Campaign.ACTIVE).invoke(catalog::invalidate);
    }

    /** Campaigns whose validity has ended are completed: they can no longer trigger or change. */
    private Uni<Void> completeEnded(Instant now) {
        return Panache.withTransaction(() -> NativeSql.execute("""
                        UPDATE campaign SET status = ?1, updated_at = now()
                        WHERE status IN (?2, ?3) AND CAST(spec ->> 'validUntil' AS timestamptz) <= CAST(CAST(?4 AS text) AS timestamptz)""",
                Campaign.COMPLETED, Campaign.ACTIVE, Campaign.PAUSED, now.toString()))
                .invoke(changed -> {
                    if (changed > 0) {
                        catalog.invalidate();
                    }
                })
                .replaceWithVoid();
    }
}
