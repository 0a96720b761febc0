package dev.rapport.messaging.persistence;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

import java.util.List;

/** Plain SQL with positional parameters ({@code ?1, ?2}) in the current Hibernate Reactive session and transaction. */
public final class NativeSql {

    private NativeSql() {
    }

    /** Runs an INSERT, UPDATE or DELETE; emits how many rows it changed. */
    public static Uni<Integer> execute(String sql, Object... parameters) {
        return Panache.getSession().flatMap(session -> {
            var query = session.createNativeQuery(sql);
            for (int i = 0; i < parameters.length; i++) {
                query.setParameter(i + 1, parameters[i]);
            }
            return query.executeUpdate();
        });
    }

    /** Runs a query; each row as the array of its columns. */
    public static Uni<List<Object[]>> rows(String sql, Object... parameters) {
        return Panache.getSession().flatMap(session -> {
            var query = session.createNativeQuery(sql, Object[].class);
            for (int i = 0; i < parameters.length; i++) {
                query.setParameter(i + 1, parameters[i]);
            }
            return query.getResultList();
        });
    }
}
