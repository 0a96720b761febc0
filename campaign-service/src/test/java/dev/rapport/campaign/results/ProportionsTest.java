package dev.rapport.campaign.results;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class ProportionsTest {

    @Test
    void wilsonIntervalOfTenInAHundredMatchesTheTextbookValues() {
        Proportions.Interval interval = Proportions.wilson(10, 100, Proportions.Z_95);
        assertEquals(0.055229, interval.low(), 1e-6);
        assertEquals(0.174366, interval.high(), 1e-6);
    }

    @Test
    void wilsonIntervalStaysInsideZeroAndOneAtTheEdges() {
        assertEquals(0.0, Proportions.wilson(0, 20, Proportions.Z_95).low(), 1e-12);
        assertEquals(0.161125, Proportions.wilson(0, 20, Proportions.Z_95).high(), 1e-6);
        assertEquals(0.838875, Proportions.wilson(20, 20, Proportions.Z_95).low(), 1e-6);
        assertEquals(1.0, Proportions.wilson(20, 20, Proportions.Z_95).high(), 1e-12);
        assertNull(Proportions.wilson(0, 0, Proportions.Z_95));
    }

    @Test
    void twoProportionTestOfFifteenAgainstSevenAndAHalfPercentIsSignificant() {
        Proportions.Test test = Proportions.twoProportion(30, 200, 15, 200);
        assertEquals(2.373563, test.z(), 1e-6);
        assertEquals(0.017617, test.pValue(), 1e-6);
    }

    @Test
    void identicalGroupsHaveNoDifference() {
        Proportions.Test test = Proportions.twoProportion(10, 100, 10, 100);
        assertEquals(0.0, test.z(), 1e-12);
        assertEquals(1.0, test.pValue(), 1e-6);
        assertEquals(1.0, Proportions.twoProportion(0, 10, 0, 10).pValue(), 1e-12);
        assertNull(Proportions.twoProportion(1, 0, 1, 10));
    }

    @Test
    void normalDistributionFunctionGivesTheNinetySevenAndAHalfPercentile() {
        assertEquals(0.975, Proportions.normalCdf(Proportions.Z_95), 1e-7);
        assertEquals(0.5, Proportions.normalCdf(0), 1e-7);
    }
}
