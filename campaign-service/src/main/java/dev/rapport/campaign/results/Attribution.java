package dev.rapport.campaign.results;

import dev.rapport.campaign.campaigns.CampaignCatalog;
import dev.rapport.campaign.campaigns.CampaignSpec;
import dev.rapport.contracts.events.DeliveryDecided;
import dev.rapport.contracts.events.DeliveryStatusChanged;
import dev.rapport.contracts.events.InteractionRecorded;
import dev.rapport.contracts.events.ResponseTracked;
import dev.rapport.messaging.persistence.NativeSql;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes what happened after an entry onto its {@code campaign_request} row: the message chosen,
 * sent, delivered, opened and clicked (from delivery events), converted (a goal interaction within
 * the goal window after the entry, holdout included), and offer redemptions (an interaction whose
 * details name the offer). Each is set once, so a redelivered event changes nothing.
 */
@ApplicationScoped
public class Attribution {

    public Uni<Void> onInteraction(InteractionRecorded interaction, CampaignCatalog.Snapshot catalog) {
        List<Uni<Integer>> writes = new ArrayList<>();
        String at = text(interaction.occurredAt());
        for (CampaignCatalog.LiveCampaign campaign : catalog.campaigns()) {
            CampaignSpec.Goal goal = campaign.spec().goal();
            if (goal != null && goal.interactionType().equals(interaction.type())) {
                writes.add(NativeSql.execute("""
                                UPDATE campaign_request SET converted_at = CAST(CAST(?3 AS text) AS timestamptz)
                                WHERE request_id = (SELECT request_id FROM campaign_request
                                                    WHERE campaign_id = ?1 AND customer_id = ?2
                                                      AND requested_at <= CAST(CAST(?3 AS text) AS timestamptz)
                                                      AND requested_at >= CAST(CAST(?4 AS text) AS timestamptz)
                                                    ORDER BY requested_at DESC LIMIT 1)
                                  AND converted_at IS NULL""",
                        campaign.id(), interaction.customerId(), at, text(interaction.occurredAt().minus(goal.window()))));
            }
            String offerId = interaction.details() == null ? null : interaction.details().path("offerId").asText(null);
            boolean offered = offerId != null && campaign.spec().offers() != null
                    && campaign.spec().offers().stream().anyMatch(o -> o.id().equals(offerId))
                    && (interaction.campaignId() == null || interaction.campaignId().equals(campaign.id()));
            if (offered && interaction.interactionId() != null) {
                writes.add(NativeSql.execute("""
                        INSERT INTO offer_redemption (campaign_id, offer_id, interaction_id) VALUES (?1, ?2, ?3)
                        ON CONFLICT DO NOTHING""", campaign.id(), offerId, interaction.interactionId()));
            }
        }
        return Multi.createFrom().iterable(writes).onItem().transformToUniAndConcatenate(write -> write).collect().last().replaceWithVoid();
    }

    public Uni<Void> onDecided(DeliveryDecided decided) {
        if (decided.campaignId() == null || decided.requestId() == null) {
            return Uni.createFrom().voidItem();
        }
        return NativeSql.execute("UPDATE campaign_request SET message_id = coalesce(?2, message_id), decision = ?3 WHERE request_id = ?1",
                decided.requestId(), decided.messageId(), decided.decision().wire()).replaceWithVoid();
    }

    public Uni<Void> onStatus(DeliveryStatusChanged status) {
        if (status.campaignId() == null) {
            return Uni.createFrom().voidItem();
        }
        String column = switch (status.status()) {
            case ACCEPTED -> "sent_at = coalesce(sent_at, CAST(CAST(?3 AS text) AS timestamptz))";
            case DELIVERED -> "sent_at = coalesce(sent_at, CAST(CAST(?3 AS text) AS timestamptz)), "
                    + "delivered_at = coalesce(delivered_at, CAST(CAST(?3 AS text) AS timestamptz))";
            default -> null;
        };
        if (column == null) {
            return Uni.createFrom().voidItem();
        }
        return NativeSql.execute("UPDATE campaign_request SET " + column + " WHERE request_id = ?1 OR message_id = ?2",
                status.requestId(), status.messageId(), text(at(status.at()))).replaceWithVoid();
    }

    public Uni<Void> onResponse(ResponseTracked response) {
        if (response.campaignId() == null || response.messageId() == null) {
            return Uni.createFrom().voidItem();
        }
        // an opened message was delivered; a clicked one was opened, whether or not its images loaded
        String columns = switch (response.kind()) {
            case OPEN -> "opened_at = coalesce(opened_at, CAST(CAST(?2 AS text) AS timestamptz))";
            case CLICK -> "opened_at = coalesce(opened_at, CAST(CAST(?2 AS text) AS timestamptz)), "
                    + "clicked_at = coalesce(clicked_at, CAST(CAST(?2 AS text) AS timestamptz))";
            default -> null;
        };
        if (columns == null) {
            return Uni.createFrom().voidItem();
        }
        return NativeSql.execute("UPDATE campaign_request SET " + columns
                        + ", delivered_at = coalesce(delivered_at, CAST(CAST(?2 AS text) AS timestamptz)) WHERE message_id = ?1",
                response.messageId(), text(at(response.at()))).replaceWithVoid();
    }

    private static Instant at(Instant at) {
        return at == null ? Instant.now() : at;
    }

    private static String text(Instant at) {
        return at.truncatedTo(ChronoUnit.MICROS).toString();
    }
}
