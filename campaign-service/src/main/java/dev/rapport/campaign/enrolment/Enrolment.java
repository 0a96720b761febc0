package dev.rapport.campaign.enrolment;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rapport.campaign.CampaignConfig;
import dev.rapport.campaign.campaigns.CampaignCatalog.LiveCampaign;
import dev.rapport.campaign.campaigns.CampaignSpec;
import dev.rapport.campaign.segments.CustomerViews.Customer;
import dev.rapport.contracts.CloudEvent;
import dev.rapport.contracts.EventTypes;
import dev.rapport.contracts.Topics;
import dev.rapport.contracts.events.Channel;
import dev.rapport.contracts.events.ChannelContent;
import dev.rapport.contracts.events.DeliveryRequested;
import dev.rapport.messaging.outbox.Outbox;
import dev.rapport.messaging.persistence.NativeSql;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Enters one customer into one campaign on one trigger, inside the caller's transaction: the
 * relevance guards, the re-entry rule, the arm (holdout or variant), the offer within its
 * budget, the rendered content, and then one delivery request through the outbox. The request id
 * is derived from campaign, version, customer and trigger, and its row is the proof that the
 * trigger was handled, so a trigger seen twice never yields a second request.
 */
@ApplicationScoped
public class Enrolment {

    private static final String SOURCE = "/rapport/campaign-service";

    private final CampaignConfig config;
    private final ContentRenderer renderer;
    private final ValueClaimGuard valueClaims;
    private final Outbox outbox;
    private final ObjectMapper mapper;
    private final MeterRegistry meters;

    public Enrolment(CampaignConfig config, ContentRenderer renderer, ValueClaimGuard valueClaims, Outbox outbox, ObjectMapper mapper,
                     MeterRegistry meters) {
        this.config = config;
        this.renderer = renderer;
        this.valueClaims = valueClaims;
        this.outbox = outbox;
        this.mapper = mapper;
        this.meters = meters;
    }

    /** The deterministic id of the request a trigger yields. */
    public static UUID requestId(LiveCampaign campaign, UUID customerId, String triggerKey) {
        return UUID.nameUUIDFromBytes((campaign.id() + "/" + campaign.version() + "/" + customerId + "/" + triggerKey)
                .getBytes(StandardCharsets.UTF_8));
    }

    /**
     * @param triggerKey  what triggered the entry, unique per trigger (e.g. the interaction id)
     * @param triggeredAt when it happened; the campaign's delay counts from here
     */
    public Uni<EnrolmentOutcome> enter(LiveCampaign campaign, Customer customer, String triggerKey, Instant triggeredAt, Instant now) {
        return decide(campaign, customer, triggerKey, triggeredAt, now)
                .invoke(outcome -> meters.counter("rapport.campaign.enrolments", "outcome", outcome.name().toLowerCase()).increment());
    }

    private Uni<EnrolmentOutcome> decide(LiveCampaign campaign, Customer customer, String triggerKey, Instant triggeredAt, Instant now) {
        CampaignSpec spec = campaign.spec();
        if (!campaign.active() || (spec.validFrom() != null && now.isBefore(spec.validFrom()))
                || (spec.validUntil() != null && !now.isBefore(spec.validUntil()))) {
            return Uni.createFrom().item(EnrolmentOutcome.NOT_RUNNING);
        }
        if (!campaign.audience().matches(customer.view(), now)) {
            return Uni.createFrom().item(EnrolmentOutcome.NOT_IN_SEGMENT);
        }
        UUID requestId = requestId(campaign, customer.id(), triggerKey);
        // with "every N days", an entry after this moment keeps the customer out
        Instant reentryAfter = "every".equals(spec.reentry().mode()) ? now.minus(spec.reentry().everyDays(), ChronoUnit.DAYS) : Instant.MIN;
        return NativeSql.rows("""
                        SELECT request_id, variant, requested_at > CAST(CAST(?3 AS text) AS timestamptz) FROM campaign_request
                        WHERE campaign_id = ?1 AND customer_id = ?2 ORDER BY requested_at DESC LIMIT 1""",
                        campaign.id(), customer.id(), reentryAfter.equals(Instant.MIN) ? "-infinity" : reentryAfter.toString())
                .flatMap(latest -> {
                    if (!latest.isEmpty()) {
                        Object[] last = latest.get(0);
                        boolean once = !"every".equals(spec.reentry().mode());
                        if (requestId.equals(last[0]) || once || Boolean.TRUE.equals(last[2])) {
                            return Uni.createFrom().item(EnrolmentOutcome.ALREADY_ENTERED);
                        }
                        // a customer keeps their arm for the life of the campaign
                        return enterArm(campaign, customer, requestId, (String) last[1], triggeredAt, now);
                    }
                    Uni<Map<String, ArmAssignment.ArmStats>> stats = spec.adaptive() ? armStats(campaign.id()) : Uni.createFrom().item(Map.of());
                    return stats.flatMap(seen -> enterArm(campaign, customer, requestId,
                            ArmAssignment.assign(spec, campaign.id(), customer.id(), seen), triggeredAt, now));
                });
    }

    private Uni<EnrolmentOutcome> enterArm(LiveCampaign campaign, Customer customer, UUID requestId, String arm, Instant triggeredAt, Instant now) {
        if (ArmAssignment.HOLDOUT.equals(arm)) {
            return record(campaign, customer, requestId, arm, null, now)
                    .map(inserted -> inserted ? EnrolmentOutcome.HELD_OUT : EnrolmentOutcome.ALREADY_ENTERED);
        }
        CampaignSpec spec = campaign.spec();
        CampaignSpec.Variant variant = spec.arms().stream().filter(v -> v.name().equals(arm)).findFirst()
                // a variant removed in a later version: its customers move to the first one
                .orElse(spec.arms().get(0));
        return offerWithBudget(campaign, variant).flatMap(offer -> {
            if (offer.isEmpty() && spec.offers() != null && !spec.offers().isEmpty()) {
                return Uni.createFrom().item(EnrolmentOutcome.OFFER_EXHAUSTED);
            }
            String offerId = offer.isEmpty() ? null : offer.get(0);
            Map<String, Object> data = ContentRenderer.data(customer.row().snapshot, customer.view().tier(), customer.view().lifecycle(),
                    offerId, spec.name());
            List<ChannelContent> content = new ArrayList<>();
            for (Channel channel : spec.channels()) {
                CampaignSpec.Content template = spec.contentFor(variant, channel);
                if (template == null) {
                    continue;
                }
                ChannelContent rendered = renderer.render(template, data);
                if (valueClaims.allows(rendered.subject(), customer.view().tier()) && valueClaims.allows(rendered.html(), customer.view().tier())
                        && valueClaims.allows(rendered.text(), customer.view().tier())) {
                    content.add(rendered);
                }
            }
            if (content.isEmpty()) {
                return Uni.createFrom().item(EnrolmentOutcome.VALUE_CLAIM_GUARDED);
            }
            return record(campaign, customer, requestId, variant.name(), offerId, now).flatMap(inserted -> {
                if (!inserted) {
                    return Uni.createFrom().item(EnrolmentOutcome.ALREADY_ENTERED);
                }
                List<Channel> channels = content.stream().map(ChannelContent::channel).toList();
                Instant notBefore = spec.delay() == null || spec.delay().isZero() ? null : triggeredAt.plus(spec.delay());
                Instant start = notBefore == null || notBefore.isBefore(now) ? now : notBefore;
                Instant expiresAt = start.plus(config.requestTtl());
                if (spec.validUntil() != null && spec.validUntil().isBefore(expiresAt)) {
                    expiresAt = spec.validUntil();
                }
                DeliveryRequested request = new DeliveryRequested(requestId, customer.id(), campaign.id(), campaign.version(), variant.name(),
                        offerId, spec.category(), spec.priority(), channels, channels, content, notBefore, expiresAt);
                return outbox.publish(Topics.DELIVERY_REQUESTS, CloudEvent.of(requestId, SOURCE, EventTypes.DELIVERY_REQUESTED,
                        customer.id(), request, mapper)).replaceWith(EnrolmentOutcome.REQUESTED);
            });
        });
    }

    /** The first of the variant's offers (its own, else the campaign's in order) whose budget is not used up; empty if none. */
    private Uni<List<String>> offerWithBudget(LiveCampaign campaign, CampaignSpec.Variant variant) {
        List<CampaignSpec.Offer> offers = campaign.spec().offers() == null ? List.of() : campaign.spec().offers().stream()
                .filter(o -> variant.offerId() == null || o.id().equals(variant.offerId())).toList();
        if (offers.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        if (offers.stream().allMatch(o -> o.maxRedemptions() == null)) {
            return Uni.createFrom().item(List.of(offers.get(0).id()));
        }
        return NativeSql.rows("SELECT offer_id, count(*) FROM offer_redemption WHERE campaign_id = ?1 GROUP BY offer_id", campaign.id())
                .map(rows -> {
                    Map<String, Long> redeemed = new HashMap<>();
                    rows.forEach(row -> redeemed.put((String) row[0], ((Number) row[1]).longValue()));
                    return offers.stream()
                            .filter(o -> o.maxRedemptions() == null || redeemed.getOrDefault(o.id(), 0L) < o.maxRedemptions())
                            .map(CampaignSpec.Offer::id).limit(1).toList();
                });
    }

    private Uni<Map<String, ArmAssignment.ArmStats>> armStats(UUID campaignId) {
        return NativeSql.rows("""
                        SELECT variant, count(*), count(converted_at) FROM campaign_request
                        WHERE campaign_id = ?1 AND NOT holdout GROUP BY variant""", campaignId)
                .map(rows -> {
                    Map<String, ArmAssignment.ArmStats> stats = new HashMap<>();
                    rows.forEach(row -> stats.put((String) row[0],
                            new ArmAssignment.ArmStats(((Number) row[1]).longValue(), ((Number) row[2]).longValue())));
                    return stats;
                });
    }

    private static Uni<Boolean> record(LiveCampaign campaign, Customer customer, UUID requestId, String arm, String offerId, Instant now) {
        return NativeSql.execute("""
                        INSERT INTO campaign_request (request_id, campaign_id, campaign_version, customer_id, variant, holdout, offer_id, requested_at)
                        VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, CAST(CAST(?8 AS text) AS timestamptz))
                        ON CONFLICT (request_id) DO NOTHING""",
                requestId, campaign.id(), campaign.version(), customer.id(), arm, ArmAssignment.HOLDOUT.equals(arm), offerId,
                now.truncatedTo(ChronoUnit.MICROS).toString()).map(n -> n > 0);
    }
}
