package dev.rapport.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * The JVM options a benchmark starts a service with: its own defaults, then whatever
 * {@code bench.service-options} adds, with {@code {service}} replaced by the service's name, e.g.
 * {@code -Dbench.service-options="-XX:StartFlightRecording=filename=/tmp/{service}.jfr,settings=profile"}
 * to see where a service spends its time during a run.
 */
final class ServiceOptions {

    private ServiceOptions() {
    }

    static List<String> of(String service, List<String> defaults) {
        List<String> options = new ArrayList<>(defaults);
        String extra = System.getProperty("bench.service-options", "").trim();
        if (!extra.isEmpty()) {
            for (String option : extra.split("\\s+")) {
                options.add(option.replace("{service}", service));
            }
        }
        return options;
    }
}
