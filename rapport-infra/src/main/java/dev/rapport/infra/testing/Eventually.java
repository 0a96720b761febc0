package dev.rapport.infra.testing;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.Predicate;

/** Polls an asynchronous outcome (a consumer applied an event, a relay published) until it shows or time runs out. */
public final class Eventually {

    private Eventually() {
    }

    /** The first probed value that satisfies the condition; the last one seen if none did within the timeout. */
    public static <T> T await(Duration timeout, Callable<T> probe, Predicate<T> condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        T value = call(probe);
        while (!condition.test(value) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return value;
            }
            value = call(probe);
        }
        return value;
    }

    /** Within 15 seconds. */
    public static <T> T await(Callable<T> probe, Predicate<T> condition) {
        return await(Duration.ofSeconds(15), probe, condition);
    }

    private static <T> T call(Callable<T> probe) {
        try {
            return probe.call();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
