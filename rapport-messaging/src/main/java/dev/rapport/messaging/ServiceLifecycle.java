package dev.rapport.messaging;

import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Whether the service is stopping. Background work (consumers retrying, scheduled rounds) fails
 * while the database pool closes under it; that is expected then and not worth a warning.
 */
@ApplicationScoped
public class ServiceLifecycle {

    private final AtomicBoolean stopping = new AtomicBoolean();

    void onStop(@Observes ShutdownEvent shutdown) {
        stopping.set(true);
    }

    public boolean isStopping() {
        return stopping.get();
    }
}
