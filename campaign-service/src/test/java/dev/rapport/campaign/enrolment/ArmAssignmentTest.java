package dev.rapport.campaign.enrolment;

import dev.rapport.campaign.campaigns.CampaignSpec;
import dev.rapport.contracts.events.CampaignCategory;
import dev.rapport.contracts.events.Channel;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ArmAssignmentTest {

    private static final UUID CAMPAIGN = UUID.fromString("3b0c3a52-3f55-4f3e-9d0c-5f0b8d6b9a01");

    @Test
    void aCustomerAlwaysGetsTheSameArm() {
        CampaignSpec spec = spec(10, "fixed", new CampaignSpec.Variant("a", 1, null, null), new CampaignSpec.Variant("b", 1, null, null));
        for (int i = 0; i < 200; i++) {
            UUID customer = UUID.nameUUIDFromBytes(("c" + i).getBytes());
            assertEquals(ArmAssignment.assign(spec, CAMPAIGN, customer, Map.of()), ArmAssignment.assign(spec, CAMPAIGN, customer, Map.of()));
        }
    }

    @Test
    void holdoutAndVariantsFollowTheirShares() {
        CampaignSpec spec = spec(10, "fixed", new CampaignSpec.Variant("a", 3, null, null), new CampaignSpec.Variant("b", 1, null, null));
        Map<String, Integer> counts = count(spec, Map.of(), 20_000);
        // 10 % holdout; the other 90 % split 3:1
        assertTrue(Math.abs(counts.get("holdout") - 2_000) < 200, counts.toString());
        assertTrue(Math.abs(counts.get("a") - 13_500) < 400, counts.toString());
        assertTrue(Math.abs(counts.get("b") - 4_500) < 300, counts.toString());
    }

    @Test
    void withoutVariantsEveryoneOutsideTheHoldoutGetsTheDefault() {
        Map<String, Integer> counts = count(spec(0, null), Map.of(), 1_000);
        assertEquals(Map.of("default", 1_000), counts);
    }

    @Test
    void thompsonSamplingSendsMostNewEntriesToTheVariantThatConvertsBetter() {
        CampaignSpec spec = spec(0, "thompson", new CampaignSpec.Variant("a", 1, null, null), new CampaignSpec.Variant("b", 1, null, null));
        Map<String, Integer> even = count(spec, Map.of(), 4_000);
        Map<String, Integer> afterEvidence = count(spec, Map.of("a", new ArmAssignment.ArmStats(500, 25), "b", new ArmAssignment.ArmStats(500, 75)), 4_000);
        assertTrue(Math.abs(even.get("a") - 2_000) < 200, "without evidence the bandit splits evenly: " + even);
        assertTrue(afterEvidence.getOrDefault("b", 0) > 3_900, "b converts at 15 % against 5 %: " + afterEvidence);
    }

    private static Map<String, Integer> count(CampaignSpec spec, Map<String, ArmAssignment.ArmStats> stats, int customers) {
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < customers; i++) {
            counts.merge(ArmAssignment.assign(spec, CAMPAIGN, UUID.nameUUIDFromBytes(("customer-" + i).getBytes()), stats), 1, Integer::sum);
        }
        return counts;
    }

    static CampaignSpec spec(int holdout, String allocation, CampaignSpec.Variant... variants) {
        return new CampaignSpec("test", CampaignCategory.PROMOTIONAL, UUID.randomUUID(),
                new CampaignSpec.Trigger("interaction", "purchase", null, null, null, null), null, null, 0,
                new CampaignSpec.Reentry("once", null), null, null, List.of(Channel.EMAIL),
                List.of(new CampaignSpec.Content(Channel.EMAIL, "Hi", null, "Hi")), null, List.of(variants), holdout, allocation);
    }
}
