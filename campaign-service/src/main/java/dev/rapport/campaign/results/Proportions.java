package dev.rapport.campaign.results;

/** The statistics of conversion rates: Wilson score intervals and the pooled two-proportion z-test. */
public final class Proportions {

    /** The two-sided 97.5th percentile of the standard normal: a 95 % interval. */
    public static final double Z_95 = 1.959963984540054;

    public record Interval(double low, double high) {
    }

    /** z and two-sided p-value of the difference between two proportions. */
    public record Test(double z, double pValue) {
    }

    private Proportions() {
    }

    /** The Wilson score interval of x successes in n trials; null when n is 0. */
    public static Interval wilson(long x, long n, double z) {
        if (n <= 0) {
            return null;
        }
        double p = (double) x / n;
        double z2 = z * z;
        double denominator = 1 + z2 / n;
        double centre = (p + z2 / (2.0 * n)) / denominator;
        double half = z * Math.sqrt(p * (1 - p) / n + z2 / (4.0 * n * n)) / denominator;
        return new Interval(Math.max(0, centre - half), Math.min(1, centre + half));
    }

    /** The pooled two-proportion z-test of x1/n1 against x2/n2; null when either group is empty. */
    public static Test twoProportion(long x1, long n1, long x2, long n2) {
        if (n1 <= 0 || n2 <= 0) {
            return null;
        }
        double p1 = (double) x1 / n1;
        double p2 = (double) x2 / n2;
        double pooled = (double) (x1 + x2) / (n1 + n2);
        double se = Math.sqrt(pooled * (1 - pooled) * (1.0 / n1 + 1.0 / n2));
        if (se == 0) {
            return new Test(0, 1);
        }
        double z = (p1 - p2) / se;
        return new Test(z, Math.min(1, 2 * (1 - normalCdf(Math.abs(z)))));
    }

    /** The standard normal distribution function, from a Chebyshev fit of erfc (relative error below 1.2e-7). */
    public static double normalCdf(double x) {
        return 0.5 * erfc(-x / Math.sqrt(2));
    }

    private static double erfc(double x) {
        double z = Math.abs(x);
        double t = 1 / (1 + 0.5 * z);
        double r = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806
                + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))));
        return x >= 0 ? r : 2 - r;
    }
}
