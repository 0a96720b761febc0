package dev.rapport.infra;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

/**
 * The Quarkus test resource of every service: the real embedded PostgreSQL, Kafka and SMTP,
 * shared by all test classes of a module, with the service's own database.
 *
 * <pre>{@code @WithTestResource(value = RapportTestResource.class, scope = TestResourceScope.GLOBAL,
 *     initArgs = @ResourceArg(name = RapportTestResource.DATABASE, value = "profile"))}</pre>
 */
public class RapportTestResource implements QuarkusTestResourceLifecycleManager {

    public static final String DATABASE = "database";

    private String database = "rapport";

    @Override
    public void init(Map<String, String> initArgs) {
        database = initArgs.getOrDefault(DATABASE, database);
    }

    @Override
    public Map<String, String> start() {
        return RapportInfrastructure.shared().serviceConfig(database, hasMailer());
    }

    /** Only a service with the mailer extension gets mailer settings (others would warn about unknown keys). */
    private static boolean hasMailer() {
        try {
            Class.forName("io.quarkus.mailer.Mailer", false, Thread.currentThread().getContextClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    @Override
    public void stop() {
        // the servers outlive one Quarkus boot: they stop with the JVM (shutdown hook and watchdog)
    }
}
