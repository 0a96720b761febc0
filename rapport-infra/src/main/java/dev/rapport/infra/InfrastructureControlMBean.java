package dev.rapport.infra;

/** The JMX face of the shared infrastructure: fault tests stop and start its servers through it. */
public interface InfrastructureControlMBean {

    /** Runs one action, e.g. {@code kafka.stop} or {@code postgres.start}. */
    void control(String action);
}
