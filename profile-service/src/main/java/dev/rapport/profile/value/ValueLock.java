package dev.rapport.profile.value;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/**
 * Orders the tier re-ranking (which updates many customers' value rows) against transactions that
 * change single customers' value: writers hold a shared transaction lock from their first
 * statement, the re-ranking an exclusive one. Without it the two deadlock in PostgreSQL.
 */
public final class ValueLock {

    private static final long KEY = 0x7261707076616cL;

    private ValueLock() {
    }

    /** Call first in a transaction that will change customer value rows. */
    public static Uni<Void> forWriting() {
        return lock("pg_advisory_xact_lock_shared");
    }

    static Uni<Void> forRanking() {
        return lock("pg_advisory_xact_lock");
    }

    private static Uni<Void> lock(String function) {
        return Panache.getSession().flatMap(session -> session
                .createNativeQuery("SELECT 1 FROM (SELECT " + function + "(" + KEY + ")) AS locked", Integer.class)
                .getSingleResult())
                .replaceWithVoid();
    }
}
