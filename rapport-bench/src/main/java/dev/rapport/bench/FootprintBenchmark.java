package dev.rapport.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rapport.infra.FreePorts;
import dev.rapport.infra.RapportInfrastructure;
import dev.rapport.infra.ServiceProcess;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Startup time and idle memory of each packaged service in JVM mode (SPEC section 8: ready in at
 * most 2 s, at most 200 MB RSS idle): each service is started alone against the embedded
 * PostgreSQL and Kafka, timed from process launch until its readiness endpoint answers UP, then
 * left idle and its resident set read from {@code /proc}. Prints a table and writes
 * {@code bench-results/footprint.json}.
 *
 * <p>Options (system properties): {@code bench.idle-seconds} (10), {@code bench.jvm-options}
 * (as {@code ./run-local} starts them: {@link ServiceProcess#localJvmOptions}), {@code rapport.local.root} (.).
 */
public final class FootprintBenchmark {

    private static final List<String> SERVICES = List.of("profile", "interaction", "campaign", "delivery");

    private FootprintBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        int idleSeconds = Integer.getInteger("bench.idle-seconds", 10);
        List<String> jvmOptions = List.of(System.getProperty("bench.jvm-options",
                String.join(" ", ServiceProcess.localJvmOptions("192m"))).trim().split("\\s+"));
        Path root = Path.of(System.getProperty("rapport.local.root", ".")).toAbsolutePath().normalize();
        ObjectMapper json = new ObjectMapper();
        ObjectNode report = json.createObjectNode();
        report.put("benchmark", "footprint").put("at", Instant.now().toString())
                .put("cores", Runtime.getRuntime().availableProcessors()).put("jvmOptions", String.join(" ", jvmOptions))
                .put("idleSeconds", idleSeconds);
        ArrayNode rows = report.putArray("services");

        say("Startup and idle memory per service (JVM mode, %s), each started alone:", String.join(" ", jvmOptions));
        say("  %-22s %14s %14s %10s", "service", "ready (s)", "RSS idle (MB)", "target");
        try (RapportInfrastructure infra = RapportInfrastructure.start(RapportInfrastructure.Ports.free(), 4)) {
            for (String name : SERVICES) {
                Map<String, String> config = new HashMap<>(infra.serviceConfig(name, name.equals("delivery")));
                long started = System.nanoTime();
                try (ServiceProcess service = ServiceProcess.start(name + "-service", root.resolve(name + "-service"), FreePorts.next(), config,
                        ServiceOptions.of(name, jvmOptions), root.resolve(".rapport/bench-logs"))) {
                    service.awaitReady(Duration.ofSeconds(120));
                    double ready = (System.nanoTime() - started) / 1e9;
                    Thread.sleep(idleSeconds * 1000L);
                    double rssMb = rssKb(service.pid()) / 1024.0;
                    boolean met = ready <= 2.0 && rssMb <= 200;
                    say("  %-22s %14.2f %14.1f %10s", service.name(), ready, rssMb, met ? "met" : "missed");
                    rows.addObject().put("service", service.name()).put("readySeconds", round(ready)).put("rssIdleMb", round(rssMb))
                            .put("readyTargetSeconds", 2.0).put("rssTargetMb", 200).put("met", met);
                }
            }
        }
        Path out = root.resolve("bench-results/footprint.json");
        Files.createDirectories(out.getParent());
        Files.writeString(out, json.writerWithDefaultPrettyPrinter().writeValueAsString(report));
        say("Written: %s", out);
    }

    /** The resident set of a process, from /proc (Linux). */
    static long rssKb(long pid) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IllegalStateException("no VmRSS for process " + pid);
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }

    private static void say(String format, Object... args) {
        System.out.println(args.length == 0 ? format : String.format(format, args));
    }
}
