package dev.rapport.e2e;

import dev.rapport.infra.FreePorts;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The local-run command ({@code ./run-local}) works: the launcher it starts brings up the embedded
 * infrastructure and the four packaged services, every readiness endpoint answers UP, and the demo
 * conversation plays through and says what happened.
 */
class LocalRunIT {

    private static final List<String> SERVICES = List.of("profile-service", "interaction-service", "campaign-service", "delivery-service");

    @Test
    void startsTheInfrastructureAndAllFourServicesAndPlaysTheDemo() throws Exception {
        Path root = Path.of(System.getProperty("rapport.root", "..")).toAbsolutePath().normalize();
        int servicePortBase = freeConsecutivePorts(4);
        Path output = Files.createTempFile("rapport-local-run", ".log");
        Process launcher = new ProcessBuilder(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-cp", System.getProperty("java.class.path"),
                "-Drapport.local.root=" + root,
                "-Drapport.local.postgres-port=" + FreePorts.next(),
                "-Drapport.local.kafka-port=" + FreePorts.next(),
                "-Drapport.local.smtp-port=" + FreePorts.next(),
                "-Drapport.local.service-port-base=" + servicePortBase,
                "dev.rapport.infra.LocalSuite", "--check"))
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .start();

        boolean finished = launcher.waitFor(4, TimeUnit.MINUTES);
        if (!finished) {
            launcher.destroy();
            launcher.waitFor(30, TimeUnit.SECONDS);
        }
        String printed = Files.readString(output, StandardCharsets.UTF_8);
        System.out.println(printed);

        assertTrue(finished, "the launcher finished its check within 4 minutes");
        assertEquals(0, launcher.exitValue(), printed);
        assertTrue(printed.contains("Check passed: all four services are ready."), printed);
        assertTrue(printed.contains("Ada got one e-mail") && printed.contains("Ben got one e-mail"), "the opted-in buyers were mailed: " + printed);
        assertTrue(printed.contains("Cleo got nothing") && printed.contains("her conversation has 0 entries"), "Cleo was not targeted: " + printed);
        assertTrue(printed.contains("Ada clicked the offer"), printed);
        assertTrue(printed.contains("Campaign results per variant           http://localhost:" + (servicePortBase + 2) + "/api/v1/campaigns/"), printed);
        for (int i = 0; i < SERVICES.size(); i++) {
            String baseUrl = "http://localhost:" + (servicePortBase + i);
            assertTrue(printed.contains(SERVICES.get(i)) && printed.contains(baseUrl + "/q/swagger-ui")
                    && printed.contains(baseUrl + "/q/health/ready"), "URLs of " + SERVICES.get(i) + " printed");
        }
        // a ready-to-use token per role, each carrying exactly its role (the demo itself called as marketer, channel-app and agent)
        for (String role : dev.rapport.infra.AccessTokens.ROLES) {
            java.util.regex.Matcher token = java.util.regex.Pattern.compile("\n    " + role + " +([\\w-]+)\\.([\\w-]+)\\.([\\w-]+)\n").matcher(printed);
            assertTrue(token.find(), "a token for " + role + " printed");
            String claims = new String(java.util.Base64.getUrlDecoder().decode(token.group(2)), StandardCharsets.UTF_8);
            assertTrue(claims.contains("\"groups\":[\"" + role + "\"]"), role + " token claims: " + claims);
        }
    }

    private static int freeConsecutivePorts(int count) throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            int base = FreePorts.next();
            if (base + count < 65536 && FreePorts.allFree(base, count)) {
                return base;
            }
        }
        throw new IOException("no " + count + " consecutive free ports");
    }
}
