package dev.rapport.messaging.outbox;

/**
 * When the relay looks at the outbox next: at once while it finds full batches, then quickly
 * after a publish (the transaction that wrote the row may not have committed yet), backing off
 * exponentially to an idle interval. Plain Java so the schedule is unit-tested.
 */
public final class RelayBackoff {

    private final long minMillis;
    private final long maxMillis;
    private long current;

    public RelayBackoff(long minMillis, long maxMillis) {
        if (minMillis <= 0 || maxMillis < minMillis) {
            throw new IllegalArgumentException("need 0 < min <= max, got " + minMillis + " and " + maxMillis);
        }
        this.minMillis = minMillis;
        this.maxMillis = maxMillis;
        this.current = 0;
    }

    /** A new row was announced: look again soon. */
    public void reset() {
        current = 0;
    }

    /** Milliseconds to wait after a look that published {@code published} of at most {@code batchSize} rows. */
    public long afterLook(int published, int batchSize) {
        if (published >= batchSize) {
            current = 0;
            return 0;
        }
        if (published > 0) {
            current = minMillis;
            return minMillis;
        }
        current = current == 0 ? minMillis : Math.min(current * 2, maxMillis);
        return current;
    }
}
