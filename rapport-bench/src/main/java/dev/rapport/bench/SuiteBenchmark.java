package dev.rapport.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rapport.infra.FreePorts;
import dev.rapport.infra.RapportInfrastructure;
import dev.rapport.infra.ServiceProcess;
import dev.rapport.infra.SuiteApi;
import jakarta.mail.internet.MimeMessage;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The whole suite, four packaged services on the embedded servers, measured in one run:
 * <ul>
 * <li>trigger to mail: purchases posted to interaction-service at a fixed rate, each triggering a
 *     campaign; latency from the POST until the SMTP server has accepted that customer's mail;</li>
 * <li>contended decisions: direct delivery requests from many threads for a few customers; decisions
 *     per second, and the weekly cap checked on every customer afterwards (zero violations expected);</li>
 * <li>mails through the policy: service messages to distinct customers, sent per second, against
 *     the SMTP server's own accept rate measured in the same run.</li>
 * </ul>
 * Prints a table and writes {@code bench-results/suite.json}. Options: {@code bench.trigger-rate}
 * (200/s), {@code bench.trigger-seconds} (5), {@code bench.warmup-seconds} (5, at half the rate,
 * so the JIT and the pools are warm when the clock runs), {@code bench.drain-seconds} (120, how
 * long mails are waited for), {@code bench.decision-seconds} (10), {@code bench.mails} (2000),
 * {@code rapport.local.root} (.).
 */
public final class SuiteBenchmark {

    private static final int CAP = 5;

    private SuiteBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        int rate = Integer.getInteger("bench.trigger-rate", 200);
        int triggerSeconds = Integer.getInteger("bench.trigger-seconds", 5);
        int decisionSeconds = Integer.getInteger("bench.decision-seconds", 10);
        int mails = Integer.getInteger("bench.mails", 2000);
        Path root = Path.of(System.getProperty("rapport.local.root", ".")).toAbsolutePath().normalize();
        ObjectNode report = SuiteApi.JSON.createObjectNode();
        report.put("benchmark", "suite").put("at", Instant.now().toString()).put("cores", Runtime.getRuntime().availableProcessors());

        try (RapportInfrastructure infra = RapportInfrastructure.start(RapportInfrastructure.Ports.free(), 4)) {
            List<ServiceProcess> services = new ArrayList<>();
            Map<String, String> urls = new HashMap<>();
            try {
                for (String name : List.of("profile", "interaction", "campaign", "delivery")) {
                    int port = FreePorts.next();
                    Map<String, String> config = new HashMap<>(infra.serviceConfig(name, name.equals("delivery")));
                    config.put("rapport.delivery.public-url", "http://localhost:" + port);
                    ServiceProcess service = ServiceProcess.start(name + "-service", root.resolve(name + "-service"), port, config,
                            ServiceOptions.of(name, ServiceProcess.localJvmOptions("384m")), root.resolve(".rapport/bench-logs"));
                    services.add(service);
                    urls.put(name, service.baseUrl());
                }
                for (ServiceProcess service : services) {
                    service.awaitReady(Duration.ofSeconds(120));
                }
                SuiteApi api = new SuiteApi(urls);
                say("Measuring the SMTP server's accept rate ...");
                double smtpLimit = PhysicalLimits.smtp(infra, Duration.ofSeconds(5));
                triggerToMail(api, infra, rate, triggerSeconds, report.putObject("triggerToMail"));
                contendedDecisions(api, infra, decisionSeconds, report.putObject("contendedDecisions"));
                mailsThroughPolicy(api, infra, mails, smtpLimit, report.putObject("mailsThroughPolicy"));
            } finally {
                services.forEach(ServiceProcess::close);
            }
        }
        Path out = root.resolve("bench-results/suite.json");
        Files.createDirectories(out.getParent());
        Files.writeString(out, SuiteApi.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(report));
        say("Written: %s", out);
    }

    private static void triggerToMail(SuiteApi api, RapportInfrastructure infra, int rate, int seconds, ObjectNode result) throws Exception {
        int count = rate * seconds;
        int warmupSeconds = Integer.getInteger("bench.warmup-seconds", 5);
        int warmupCount = rate / 2 * warmupSeconds;
        Duration drain = Duration.ofSeconds(Integer.getInteger("bench.drain-seconds", 120));
        say("Trigger to mail: a thank-you campaign; %d opted-in customers warm the suite up (%d/s for %d s), then %d buy at %d/s for %d s ...",
                warmupCount, rate / 2, warmupSeconds, count, rate, seconds);
        String segment = api.post("campaign", "/api/v1/segments", Map.of("name", "bench subscribers",
                "rule", Map.of("consent", Map.of("channel", "email", "purpose", "promotional")))).body().path("id").asText();
        String campaign = api.post("campaign", "/api/v1/campaigns", Map.of("name", "bench thank you", "category", "promotional",
                "segmentId", segment, "trigger", Map.of("type", "interaction", "interactionType", "purchase"), "priority", 5,
                "reentry", Map.of("mode", "once"), "channels", List.of("email"),
                "content", List.of(Map.of("channel", "email", "subject", "Thank you, {customer.givenName}", "text", "Thank you!")))).body().path("id").asText();
        api.post("campaign", "/api/v1/campaigns/" + campaign + "/activate", Map.of());
        List<String[]> warm = customers(api, "warm", warmupCount, true);
        List<String[]> measured = customers(api, "trigger", count, true);
        SuiteApi.await("campaign-service knows every subscriber", () -> api.get("campaign", "/api/v1/segments/" + segment + "/members?limit=1")
                .body().path("count").asLong(), n -> n >= warmupCount + count);
        Thread.sleep(2_000); // delivery-service reads the same profile events

        if (warmupCount > 0) {
            TriggerRun warmup = triggers(api, infra, warm, rate / 2, drain);
            say("  %-58s %,10d of %,d (p50 %.0f ms)", "warm-up mails", warmup.mailed(), warmupCount, warmup.percentile(50));
        }
        TriggerRun run = triggers(api, infra, measured, rate, drain);
        double p50 = run.percentile(50);
        double p95 = run.percentile(95);
        double p99 = run.percentile(99);
        boolean complete = run.mailed() == count;
        say("  %-58s %,10d", "purchases posted (each one trigger)", count);
        say("  %-58s %,10.0f", "achieved trigger rate (/s)", run.achievedRate());
        say("  %-58s %,10d%s", "mails accepted by SMTP (one per customer)", run.mailed(),
                complete ? "" : String.format(" of %,d within %d s: the rest count as %d s", count, drain.toSeconds(), drain.toSeconds()));
        say("  %-58s %10.1f / %.1f / %.1f", "trigger -> SMTP accepted p50 / p95 / p99 (ms)", p50, p95, p99);
        say("  %-58s %10s", "target p99 < 100 ms at 200 triggers/s", p99 < 100 && rate >= 200 && complete ? "met" : "missed");
        result.put("triggers", count).put("rate", rate).put("warmupTriggers", warmupCount).put("achievedRate", run.achievedRate())
                .put("mails", run.mailed()).put("complete", complete).put("p50Millis", p50).put("p95Millis", p95).put("p99Millis", p99)
                .put("targetP99Millis", 100);
    }

    /** Latencies from each purchase to its customer's mail; a mail that did not come within the drain time counts as that time. */
    record TriggerRun(int mailed, double achievedRate, List<Double> latenciesMillis) {
        double percentile(int p) {
            return SuiteBenchmark.percentile(latenciesMillis, p);
        }
    }

    /** Posts one purchase per customer at the rate and waits until each customer's mail is accepted, or the drain time is up. */
    private static TriggerRun triggers(SuiteApi api, RapportInfrastructure infra, List<String[]> customers, int rate, Duration drain) throws Exception {
        int count = customers.size();
        Map<String, Long> postedAt = new ConcurrentHashMap<>();
        Map<String, Long> mailedAt = new ConcurrentHashMap<>();
        infra.smtp().purge();
        Thread watcher = new Thread(() -> watchMail(infra, mailedAt, count), "bench-mail-watcher");
        watcher.setDaemon(true);
        watcher.start();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        long start = System.nanoTime();
        List<Future<?>> posts = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String[] customer = customers.get(i);
            long due = start + (long) (i * 1e9 / rate);
            posts.add(pool.submit(() -> {
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
                postedAt.put(customer[1], System.nanoTime());
                SuiteApi.Answer answer = api.post("interaction", "/api/v1/interactions", Map.of("clientEventId", "bench-" + customer[0],
                        "channel", "web", "customerId", customer[0], "type", "purchase", "occurredAt", Instant.now().toString(),
                        "amount", 20, "currency", "EUR", "details", Map.of("orderId", "b-" + customer[0])));
                if (answer.status() / 100 != 2) {
                    throw new IllegalStateException("purchase answered " + answer.status() + ": " + answer.body());
                }
                return null;
            }));
        }
        for (Future<?> post : posts) {
            post.get();
        }
        pool.shutdown();
        double postedFor = (System.nanoTime() - start) / 1e9;
        long deadline = System.nanoTime() + drain.toNanos();
        while (mailedAt.size() < count && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        watcher.interrupt();
        List<Double> latencies = new ArrayList<>();
        postedAt.forEach((email, posted) -> {
            Long mailed = mailedAt.get(email);
            latencies.add(mailed == null ? drain.toMillis() : (mailed - posted) / 1e6);
        });
        latencies.sort(Double::compare);
        return new TriggerRun(mailedAt.size(), count / postedFor, latencies);
    }

    private static void watchMail(RapportInfrastructure infra, Map<String, Long> mailedAt, int expected) {
        int seen = 0;
        while (!Thread.currentThread().isInterrupted() && mailedAt.size() < expected) {
            List<MimeMessage> received = infra.smtp().receivedMessages();
            long now = System.nanoTime();
            for (int i = seen; i < received.size(); i++) {
                try {
                    mailedAt.putIfAbsent(received.get(i).getAllRecipients()[0].toString(), now);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
            seen = received.size();
            try {
                Thread.sleep(10); // each look copies every mail received so far: often enough for the latencies, cheap enough for the machine
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private static void contendedDecisions(SuiteApi api, RapportInfrastructure infra, int seconds, ObjectNode result) throws Exception {
        int threads = 8;
        List<String[]> customers = customers(api, "contended", 20, true);
        Thread.sleep(3_000); // the profiles reach delivery-service
        say("Contended decisions: %d threads, %d customers, promotional web-inbox messages for %d s (weekly cap %d) ...",
                threads, customers.size(), seconds, CAP);
        AtomicLong decisions = new AtomicLong();
        Map<String, AtomicLong> sentPerCustomer = new ConcurrentHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long start = System.nanoTime();
        long deadline = start + Duration.ofSeconds(seconds).toNanos();
        List<Future<?>> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int offset = t;
            workers.add(pool.submit(() -> {
                int i = offset;
                while (System.nanoTime() < deadline) {
                    String customer = customers.get(i++ % customers.size())[0];
                    SuiteApi.Answer answer = api.post("delivery", "/api/v1/deliveries", Map.of("requestId", UUID.randomUUID().toString(),
                            "customerId", customer, "category", "promotional", "allowedChannels", List.of("web"),
                            "content", List.of(Map.of("channel", "web", "subject", "Offer", "text", "Offer"))));
                    if (answer.status() != 201) {
                        throw new IllegalStateException("delivery answered " + answer.status() + ": " + answer.body());
                    }
                    decisions.incrementAndGet();
                    if ("sent".equals(answer.body().path("decision").asText())) {
                        sentPerCustomer.computeIfAbsent(customer, k -> new AtomicLong()).incrementAndGet();
                    }
                }
                return null;
            }));
        }
        for (Future<?> worker : workers) {
            worker.get();
        }
        pool.shutdown();
        double elapsed = (System.nanoTime() - start) / 1e9;
        long violations = sentPerCustomer.values().stream().filter(n -> n.get() > CAP).count();
        long storedViolations = count(infra, "delivery", "SELECT count(*) FROM (SELECT customer_id FROM delivery WHERE decision = 'sent' "
                + "AND category <> 'service' GROUP BY customer_id HAVING count(*) > " + CAP + ") over_cap");
        say("  %-58s %,10d", "decisions", decisions.get());
        say("  %-58s %,10.0f", "decisions per second", decisions.get() / elapsed);
        say("  %-58s %,10d", "customers over the weekly cap (answers / stored)", violations + storedViolations);
        say("  %-58s %10s", "target >= 5,000/s with zero cap violations", decisions.get() / elapsed >= 5_000 && violations + storedViolations == 0 ? "met" : "missed");
        result.put("threads", threads).put("customers", customers.size()).put("decisions", decisions.get())
                .put("perSecond", decisions.get() / elapsed).put("capViolations", violations + storedViolations).put("target", 5_000);
    }

    private static void mailsThroughPolicy(SuiteApi api, RapportInfrastructure infra, int mails, double smtpLimit, ObjectNode result) throws Exception {
        List<String[]> customers = customers(api, "mail", mails, false);
        Thread.sleep(3_000);
        say("Mails through the policy: %d service messages to distinct customers ...", mails);
        long sentBefore = count(infra, "delivery", "SELECT count(*) FROM delivery WHERE status = 'sent' AND category = 'service'");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        long start = System.nanoTime();
        List<Future<?>> posts = new ArrayList<>();
        for (String[] customer : customers) {
            posts.add(pool.submit(() -> api.post("delivery", "/api/v1/deliveries", Map.of("requestId", UUID.randomUUID().toString(),
                    "customerId", customer[0], "category", "service", "allowedChannels", List.of("email"),
                    "content", List.of(Map.of("channel", "email", "subject", "Your order", "text", "It ships today."))))));
        }
        for (Future<?> post : posts) {
            post.get();
        }
        pool.shutdown();
        SuiteApi.await("every service message sent", () -> count(infra, "delivery",
                "SELECT count(*) FROM delivery WHERE status = 'sent' AND category = 'service'") - sentBefore, n -> n >= mails);
        double perSecond = mails / ((System.nanoTime() - start) / 1e9);
        say("  %-58s %,10.0f", "mails sent through the policy per second", perSecond);
        say("  %-58s %,10.0f", "SMTP server accept rate, same run (mails/s)", smtpLimit);
        say("  %-58s %9.0f %%", "ratio (target >= 70 %)", 100 * perSecond / smtpLimit);
        result.put("mails", mails).put("perSecond", perSecond).put("smtpAcceptPerSecond", smtpLimit).put("ratio", perSecond / smtpLimit)
                .put("targetRatio", 0.7);
    }

    /** Creates customers with an e-mail address (and, if asked, promotional opt-ins on e-mail and web); returns [id, email]. */
    private static List<String[]> customers(SuiteApi api, String kind, int count, boolean optIn) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<String[]>> created = new ArrayList<>();
        String run = UUID.randomUUID().toString().substring(0, 6);
        for (int i = 0; i < count; i++) {
            String email = kind + "-" + run + "-" + i + "@example.com";
            created.add(pool.submit(() -> {
                SuiteApi.Answer answer = api.post("profile", "/api/v1/profiles", Map.of("name", Map.of("givenName", "Bench"),
                        "timeZone", "UTC", "identities", List.of(Map.of("type", "email", "value", email))));
                if (answer.status() != 201) {
                    throw new IllegalStateException("profile answered " + answer.status() + ": " + answer.body());
                }
                String id = answer.body().path("id").asText();
                if (optIn) {
                    for (String channel : List.of("email", "web")) {
                        api.put("profile", "/api/v1/profiles/" + id + "/consents/" + channel,
                                Map.of("purpose", "promotional", "status", "opt-in", "source", "bench"));
                    }
                }
                return new String[] {id, email};
            }));
        }
        List<String[]> customers = new ArrayList<>();
        for (Future<String[]> customer : created) {
            customers.add(customer.get());
        }
        pool.shutdown();
        return customers;
    }

    private static long count(RapportInfrastructure infra, String database, String sql) throws Exception {
        try (Connection connection = DriverManager.getConnection(infra.postgres().jdbcUrl(database), infra.postgres().username(), "");
             ResultSet rows = connection.createStatement().executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static double percentile(List<Double> sorted, int p) {
        return sorted.isEmpty() ? 0 : sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }

    private static void say(String format, Object... args) {
        System.out.println(args.length == 0 ? format : String.format(format, args));
    }
}
