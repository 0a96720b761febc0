package dev.rapport.infra;

/** The JMX face of the shared infrastructure: fault tests stop and start its servers through it. */
public interface InfrastructureControlMBean {

    /** Runs one action, e.g. {@code kafka.stop} or {@code postgres.start}. */
    void control(String action);

    /** Every mail the SMTP server accepted so far, as raw MIME text (headers and body). */
    String[] receivedMail();
}
