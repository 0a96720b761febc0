package dev.rapport.campaign.enrolment;

/** What came of one customer meeting one campaign's trigger. */
public enum EnrolmentOutcome {
    /** A delivery request was published. */
    REQUESTED,
    /** In the holdout group: recorded for the results, nothing sent. */
    HELD_OUT,
    /** This trigger was handled before, or the re-entry rule keeps the customer out. */
    ALREADY_ENTERED,
    /** The campaign is not active, or outside its validity window. */
    NOT_RUNNING,
    /** The segment excludes the customer. */
    NOT_IN_SEGMENT,
    /** Every channel's content claims a value the customer's tier does not support. */
    VALUE_CLAIM_GUARDED,
    /** Every offer the customer could get has used up its budget. */
    OFFER_EXHAUSTED
}
