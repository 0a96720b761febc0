package dev.rapport.infra;

import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import java.lang.management.ManagementFactory;
import java.util.Map;

/**
 * Lets code in any class loader of the JVM (a test loaded by Quarkus, say) stop and start the
 * servers of the shared instance. JMX carries only JDK types, so it works across loaders where a
 * static field would not.
 */
public final class InfrastructureControl implements InfrastructureControlMBean {

    private static final String NAME = "dev.rapport:type=Infrastructure";

    private final Map<String, Runnable> actions;
    private final EmbeddedSmtp smtp;

    private InfrastructureControl(RapportInfrastructure infra) {
        smtp = infra.smtp();
        actions = Map.of(
                "kafka.stop", infra.kafka()::stopServer,
                "kafka.start", infra.kafka()::startServer,
                "postgres.stop", infra.postgres()::stopServer,
                "postgres.start", infra.postgres()::startServer,
                "smtp.stop", infra.smtp()::stopServer,
                "smtp.start", infra.smtp()::startServer);
    }

    static void register(RapportInfrastructure infra) {
        try {
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            ObjectName name = new ObjectName(NAME);
            if (!server.isRegistered(name)) {
                server.registerMBean(new InfrastructureControl(infra), name);
            }
        } catch (JMException e) {
            throw new IllegalStateException("cannot register the infrastructure control", e);
        }
    }

    /** Runs the action on the shared instance, wherever it was started in this JVM. */
    static void invoke(String action) {
        try {
            ManagementFactory.getPlatformMBeanServer().invoke(new ObjectName(NAME), "control",
                    new Object[] {action}, new String[] {String.class.getName()});
        } catch (JMException e) {
            throw new IllegalStateException("cannot run infrastructure action " + action + " (is the test resource started?)", e);
        }
    }

    /** The mail the shared SMTP server received, wherever it was started in this JVM. */
    static String[] mail() {
        try {
            return (String[]) ManagementFactory.getPlatformMBeanServer().invoke(new ObjectName(NAME), "receivedMail", new Object[0], new String[0]);
        } catch (JMException e) {
            throw new IllegalStateException("cannot read the received mail (is the test resource started?)", e);
        }
    }

    @Override
    public String[] receivedMail() {
        return smtp.receivedMessages().stream().map(message -> {
            try (java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream()) {
                message.writeTo(out);
                return out.toString(java.nio.charset.StandardCharsets.UTF_8);
            } catch (Exception e) {
                throw new IllegalStateException("unreadable mail", e);
            }
        }).toArray(String[]::new);
    }

    @Override
    public void control(String action) {
        Runnable run = actions.get(action);
        if (run == null) {
            throw new IllegalArgumentException("unknown infrastructure action " + action + "; known: " + actions.keySet());
        }
        run.run();
    }
}
