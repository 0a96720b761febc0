package dev.rapport.infra;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the whole suite locally: real PostgreSQL, Kafka and SMTP embedded, and the four packaged
 * services on ports 8081-8084. Stops everything on Ctrl-C.
 *
 * <p>Once everything is ready it plays a short demo conversation ({@link Demo}) and prints what
 * happened and where to look. Options: {@code --check} starts everything, verifies readiness,
 * plays the demo and stops (used by CI to prove the local run works); {@code --no-demo} skips the demo. Ports can be changed with the system properties
 * {@code rapport.local.postgres-port}, {@code rapport.local.kafka-port}, {@code rapport.local.smtp-port}
 * and {@code rapport.local.service-port-base} (the first of four consecutive service ports).
 */
public final class LocalSuite {

    /** A service of the suite: its module directory, database and offset from the first HTTP port (8081). */
    record Service(String name, String database, int portOffset) {
    }

    static final List<Service> SERVICES = List.of(
            new Service("profile-service", "profile", 0),
            new Service("interaction-service", "interaction", 1),
            new Service("campaign-service", "campaign", 2),
            new Service("delivery-service", "delivery", 3));

    private LocalSuite() {
    }

    public static void main(String[] args) throws InterruptedException, java.io.IOException {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        boolean checkOnly = List.of(args).contains("--check");
        Path root = Path.of(System.getProperty("rapport.local.root", ".")).toAbsolutePath().normalize();
        Path logs = root.resolve(".rapport/logs");
        RapportInfrastructure.Ports ports = new RapportInfrastructure.Ports(
                Integer.getInteger("rapport.local.postgres-port", 15432),
                Integer.getInteger("rapport.local.kafka-port", 19092),
                Integer.getInteger("rapport.local.smtp-port", 2525));

        int servicePortBase = Integer.getInteger("rapport.local.service-port-base", 8081);
        long started = System.nanoTime();
        say("Starting PostgreSQL (:%d), Kafka (:%d) and SMTP (:%d) ...", ports.postgres(), ports.kafka(), ports.smtp());
        RapportInfrastructure infra = RapportInfrastructure.start(ports, 4);
        List<ServiceProcess> running = new ArrayList<>();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            say("Stopping the services and the infrastructure ...");
            running.forEach(ServiceProcess::close);
            infra.close();
            say("Stopped.");
            stopped.countDown();
        }, "rapport-local-stop"));

        try {
            for (Service service : SERVICES) {
                int port = servicePortBase + service.portOffset();
                java.util.Map<String, String> config = new java.util.HashMap<>(infra.serviceConfig(service.database(),
                        service.name().equals("delivery-service")));
                if (service.name().equals("delivery-service")) {
                    // links in mails point at this delivery-service
                    config.put("rapport.delivery.public-url", "http://localhost:" + port);
                }
                running.add(ServiceProcess.start(service.name(), root.resolve(service.name()), port, config,
                        ServiceProcess.localJvmOptions("192m"), logs));
            }
            for (ServiceProcess service : running) {
                service.awaitReady(Duration.ofSeconds(90));
            }
        } catch (RuntimeException e) {
            say("FAILED: %s", e.getMessage());
            System.exit(1);
        }

        say("");
        say("Rapport is running (ready in %.1f s). Logs: %s", (System.nanoTime() - started) / 1e9, logs);
        say("");
        say("  %-20s %-24s %-38s %s", "service", "API", "Swagger UI", "readiness");
        for (ServiceProcess service : running) {
            say("  %-20s %-24s %-38s %s", service.name(), service.baseUrl() + "/api/v1",
                    service.baseUrl() + "/q/swagger-ui", service.baseUrl() + "/q/health/ready");
        }
        say("");
        say("  PostgreSQL  jdbc:postgresql://127.0.0.1:%d/<service> (user postgres)", infra.postgres().port());
        say("  Kafka       %s", infra.kafka().bootstrapServers());
        say("  SMTP        127.0.0.1:%d", infra.smtp().port());
        say("");
        printTokens(root.resolve(".rapport"));
        if (!List.of(args).contains("--no-demo")) {
            java.util.Map<String, String> urls = new java.util.HashMap<>();
            for (int i = 0; i < SERVICES.size(); i++) {
                urls.put(SERVICES.get(i).database(), running.get(i).baseUrl());
            }
            try {
                new Demo(new SuiteApi(urls), infra.smtp(), LocalSuite::say).play();
                say("  Mails accepted by the SMTP server      %d so far (127.0.0.1:%d)", infra.smtp().receivedMessages().size(), infra.smtp().port());
            } catch (Exception | AssertionError e) {
                say("The demo did not finish: %s", e.getMessage());
                if (checkOnly) {
                    System.exit(1);
                }
            }
            say("");
        }
        if (checkOnly) {
            say("Check passed: all four services are ready.");
            System.exit(0);
        }
        say("Press Ctrl-C to stop.");
        stopped.await();
    }

    /**
     * Every API wants a bearer token; the services here trust the key this run made, so these
     * tokens stand in for what the platform's identity provider would issue.
     */
    private static void printTokens(java.nio.file.Path dir) throws java.io.IOException {
        AccessTokens tokens = AccessTokens.shared();
        java.nio.file.Path tokenDir = java.nio.file.Files.createDirectories(dir.resolve("tokens"));
        java.nio.file.Files.writeString(dir.resolve("jwt-public-key.pem"), tokens.publicKeyPem());
        say("  Bearer tokens, one per role, valid 12 h (also in %s/<role>.jwt):", tokenDir);
        for (String role : AccessTokens.ROLES) {
            String token = tokens.token(role, Duration.ofHours(12));
            java.nio.file.Files.writeString(tokenDir.resolve(role + ".jwt"), token);
            say("    %-12s %s", role, token);
        }
        say("  e.g. curl -H \"Authorization: Bearer $(cat %s/marketer.jwt)\" http://localhost:8083/api/v1/campaigns", tokenDir);
        say("");
    }

    private static void say(String format, Object... args) {
        System.out.println(args.length == 0 ? format : String.format(format, args));
    }
}
