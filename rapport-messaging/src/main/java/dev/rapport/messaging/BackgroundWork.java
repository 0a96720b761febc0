package dev.rapport.messaging;

import dev.rapport.contracts.Redaction;
import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * Runs reactive work outside the request or event that asked for it, later: each run gets a
 * fresh duplicated Vert.x context, so its Hibernate Reactive session is its own and never the
 * caller's (a timer fires on the caller's context, and reusing it would share the session).
 * Failures are logged, without personal data; nothing is started once the service stops.
 */
@ApplicationScoped
public class BackgroundWork {

    private static final Logger LOG = Logger.getLogger(BackgroundWork.class);

    private final Vertx vertx;
    private final ServiceLifecycle lifecycle;

    public BackgroundWork(Vertx vertx, ServiceLifecycle lifecycle) {
        this.vertx = vertx;
        this.lifecycle = lifecycle;
    }

    /** Starts {@code work} after {@code delay} (at once for zero); {@code what} names it in a failure's log line. */
    public void after(Duration delay, String what, Supplier<Uni<?>> work) {
        long millis = delay.toMillis();
        if (millis <= 0) {
            now(what, work);
        } else {
            vertx.setTimer(millis, id -> now(what, work));
        }
    }

    /** Starts {@code work} now, on a fresh context; {@code onEnd} runs when it succeeded or failed. */
    public void now(String what, Supplier<Uni<?>> work, Runnable onEnd) {
        if (lifecycle.isStopping()) {
            onEnd.run();
            return;
        }
        Context context = VertxContext.createNewDuplicatedContext(vertx.getOrCreateContext());
        VertxContextSafetyToggle.setContextSafe(context, true);
        context.runOnContext(ignored -> Uni.createFrom().deferred(work)
                .subscribe().with(done -> onEnd.run(), failure -> {
                    if (lifecycle.isStopping()) {
                        LOG.debugf("%s stopped by the shutdown: %s", what, Redaction.describe(failure));
                    } else {
                        LOG.warnf("%s failed: %s", what, Redaction.describe(failure));
                    }
                    onEnd.run();
                }));
    }

    /**
     * {@code work} on a fresh context of its own, as a {@code Uni} of its outcome: several of them
     * run side by side, each with its own database session.
     */
    public <T> Uni<T> onOwnContext(Supplier<Uni<? extends T>> work) {
        return Uni.createFrom().emitter(emitter -> {
            Context context = VertxContext.createNewDuplicatedContext(vertx.getOrCreateContext());
            VertxContextSafetyToggle.setContextSafe(context, true);
            context.runOnContext(ignored -> Uni.createFrom().<T>deferred(work).subscribe().with(emitter::complete, emitter::fail));
        });
    }

    private void now(String what, Supplier<Uni<?>> work) {
        now(what, work, () -> {
        });
    }
}
