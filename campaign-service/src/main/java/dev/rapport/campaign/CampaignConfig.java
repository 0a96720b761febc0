package dev.rapport.campaign;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.List;

/** What an operator tunes about campaigns; see application.properties. */
@ConfigMapping(prefix = "rapport.campaign")
public interface CampaignConfig {

    /** An interaction older than this (e.g. replayed history) updates segments and results but triggers nothing. */
    @WithDefault("PT24H")
    Duration triggerMaxAge();

    /** How long a delivery request stays valid when the campaign has no end of validity. */
    @WithDefault("P3D")
    Duration requestTtl();

    /** Customers per transaction when scheduled and inactivity campaigns stream their audience. */
    @WithDefault("500")
    int audiencePageSize();

    /** How often due schedules and inactivity audiences are looked for (read by the scheduler). */
    @WithDefault("PT10S")
    Duration audienceCheck();

    /** How often an inactivity campaign scans its audience again. */
    @WithDefault("PT1H")
    Duration inactivityScan();

    /** How often every customer's segment membership is re-evaluated, for time-based conditions. */
    @WithDefault("PT1H")
    Duration membershipRefresh();

    /** How long the running campaigns and segments are cached between reloads from the database. */
    @WithDefault("PT2S")
    Duration catalogRefresh();

    /** Wording that claims a customer's value; content containing it only goes to the tiers below. */
    @WithDefault("most valuable customer,most valued customer,best customer,top customer,most loyal customer,one of our best,vip customer")
    List<String> valueClaimPhrases();

    /** Value tiers whose customers may receive value-claim wording. */
    @WithDefault("best")
    List<String> valueClaimTiers();
}
