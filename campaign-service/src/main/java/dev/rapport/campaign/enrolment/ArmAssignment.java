package dev.rapport.campaign.enrolment;

import dev.rapport.campaign.campaigns.CampaignSpec;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * Which arm of a campaign a customer is in: the holdout, or a variant. Fixed allocation is a pure
 * function of campaign and customer (a hash, the same on every replica and after every restart);
 * Thompson sampling draws, with a generator seeded by the same hash, from each variant's Beta
 * posterior of its conversion rate, so better variants get more of the new entries.
 */
public final class ArmAssignment {

    public static final String HOLDOUT = "holdout";

    /** Entries and conversions of a variant so far, for the bandit. */
    public record ArmStats(long entered, long converted) {
    }

    private ArmAssignment() {
    }

    public static String assign(CampaignSpec spec, UUID campaignId, UUID customerId, Map<String, ArmStats> stats) {
        if (spec.holdoutPercent() > 0 && Math.floorMod(hash(campaignId, customerId, "holdout"), 10_000) < spec.holdoutPercent() * 100) {
            return HOLDOUT;
        }
        List<CampaignSpec.Variant> arms = spec.arms();
        if (arms.size() == 1) {
            return arms.get(0).name();
        }
        if (spec.adaptive()) {
            return thompson(arms, stats, new SplittableRandom(hash(campaignId, customerId, "bandit")));
        }
        int total = arms.stream().mapToInt(CampaignSpec.Variant::weight).sum();
        long point = Math.floorMod(hash(campaignId, customerId, "variant"), (long) total);
        for (CampaignSpec.Variant arm : arms) {
            point -= arm.weight();
            if (point < 0) {
                return arm.name();
            }
        }
        return arms.get(arms.size() - 1).name();
    }

    private static String thompson(List<CampaignSpec.Variant> arms, Map<String, ArmStats> stats, SplittableRandom random) {
        String best = arms.get(0).name();
        double bestDraw = -1;
        for (CampaignSpec.Variant arm : arms) {
            ArmStats seen = stats.getOrDefault(arm.name(), new ArmStats(0, 0));
            long converted = Math.min(seen.converted(), seen.entered());
            double draw = beta(1 + converted, 1 + seen.entered() - converted, random);
            if (draw > bestDraw) {
                bestDraw = draw;
                best = arm.name();
            }
        }
        return best;
    }

    /** A Beta(a, b) draw as X / (X + Y) of two Gamma draws. */
    static double beta(double a, double b, SplittableRandom random) {
        double x = gamma(a, random);
        double y = gamma(b, random);
        return x / (x + y);
    }

    /** Marsaglia and Tsang's method, for shape at least 1 (always the case here: 1 + a count). */
    private static double gamma(double shape, SplittableRandom random) {
        double d = shape - 1.0 / 3.0;
        double c = 1.0 / Math.sqrt(9.0 * d);
        while (true) {
            double x;
            double v;
            do {
                x = gaussian(random);
                v = 1.0 + c * x;
            } while (v <= 0);
            v = v * v * v;
            double u = random.nextDouble();
            if (u < 1 - 0.0331 * x * x * x * x || Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) {
                return d * v;
            }
        }
    }

    private static double gaussian(SplittableRandom random) {
        double u1 = random.nextDouble();
        double u2 = random.nextDouble();
        return Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
    }

    static long hash(UUID campaignId, UUID customerId, String purpose) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((campaignId + "/" + customerId + "/" + purpose).getBytes(StandardCharsets.UTF_8));
            long value = 0;
            for (int i = 0; i < 8; i++) {
                value = (value << 8) | (digest[i] & 0xff);
            }
            return value;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
