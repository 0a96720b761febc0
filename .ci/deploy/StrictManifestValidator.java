import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.MapperConfig;
import com.fasterxml.jackson.databind.introspect.Annotated;
import com.fasterxml.jackson.databind.introspect.JacksonAnnotationIntrospector;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Strict validation of rendered Kubernetes manifests with typed Java models: every field must exist
 * in the model (a misspelled field is an error, where the API server would drop it or only warn),
 * required fields must be present and values must parse into their types.
 *
 * <ul>
 *   <li>Kubernetes kinds: the io.kubernetes:client-java models, whose {@code fromJson} rejects
 *       fields the OpenAPI schema does not define and missing required fields.</li>
 *   <li>Strimzi {@code KafkaTopic} and prometheus-operator {@code ServiceMonitor}: the Strimzi and
 *       fabric8 models, read with Jackson with unknown properties failing (their catch-all
 *       "additionalProperties" maps are switched off).</li>
 * </ul>
 *
 * Usage: {@code java -cp <classpath> StrictManifestValidator.java [--must-reject] FILE...}.
 * Without the flag every document of every file must be valid. With it, every file is a
 * deliberately broken fixture: when its header has a line {@code # expect-java: TEXT}, this validator
 * must reject it with a message containing TEXT; files without such a line are not its job.
 */
public class StrictManifestValidator {

    private static final Set<String> CORE_GROUPS = Set.of("", "apps", "autoscaling", "policy", "networking.k8s.io",
            "batch", "rbac.authorization.k8s.io", "discovery.k8s.io", "scheduling.k8s.io", "storage.k8s.io");

    private static final Map<String, String> CUSTOM_RESOURCES = Map.of(
            "kafka.strimzi.io/v1beta2/KafkaTopic", "io.strimzi.api.kafka.model.topic.KafkaTopic",
            "monitoring.coreos.com/v1/ServiceMonitor", "io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor");

    private static final YAMLMapper YAML = YAMLMapper.builder(YAMLFactory.builder().build())
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();

    /** Jackson without the models' catch-all maps: an unknown property is an error. */
    private static final ObjectMapper STRICT = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
            .setAnnotationIntrospector(new JacksonAnnotationIntrospector() {
                @Override
                public Boolean hasAnySetter(Annotated annotated) {
                    return Boolean.FALSE;
                }

                @Override
                public JsonIgnoreProperties.Value findPropertyIgnoralByName(MapperConfig<?> config, Annotated annotated) {
                    return JsonIgnoreProperties.Value.empty();
                }
            });

    public static void main(String[] args) throws Exception {
        boolean mustReject = false;
        List<Path> files = new ArrayList<>();
        for (String arg : args) {
            if (arg.equals("--must-reject")) {
                mustReject = true;
            } else {
                files.add(Path.of(arg));
            }
        }
        if (files.isEmpty()) {
            System.err.println("usage: StrictManifestValidator [--must-reject] FILE...");
            System.exit(2);
        }
        int failures = 0;
        for (Path file : files) {
            failures += mustReject ? expectRejection(file) : expectValid(file);
        }
        System.exit(failures == 0 ? 0 : 1);
    }

    private static int expectValid(Path file) throws IOException {
        List<String> errors = new ArrayList<>();
        Map<String, Integer> kinds = new TreeMap<>();
        validate(file, errors, kinds);
        if (errors.isEmpty()) {
            System.out.printf("  client-java: %s: %d objects valid %s%n", file, kinds.values().stream().mapToInt(Integer::intValue).sum(), kinds);
            return 0;
        }
        errors.forEach(error -> System.out.printf("  client-java: %s: INVALID %s%n", file, shorten(error)));
        return 1;
    }

    private static int expectRejection(Path file) throws IOException {
        String expected = Files.readAllLines(file).stream()
                .filter(line -> line.startsWith("# expect-java:"))
                .map(line -> line.substring("# expect-java:".length()).trim())
                .findFirst().orElse(null);
        if (expected == null) {
            System.out.printf("  client-java: %s: not this validator's case (no '# expect-java:' line)%n", file);
            return 0;
        }
        List<String> errors = new ArrayList<>();
        validate(file, errors, new TreeMap<>());
        if (errors.isEmpty()) {
            System.out.printf("  client-java: %s: ACCEPTED, but it is broken on purpose (expected: %s)%n", file, expected);
            return 1;
        }
        if (errors.stream().noneMatch(error -> error.contains(expected))) {
            System.out.printf("  client-java: %s: rejected for another reason than '%s': %s%n", file, expected, shorten(errors.toString()));
            return 1;
        }
        System.out.printf("  client-java: %s: rejected as expected: %s%n", file,
                shorten(errors.stream().filter(error -> error.contains(expected)).findFirst().orElseThrow()));
        return 0;
    }

    private static void validate(Path file, List<String> errors, Map<String, Integer> kinds) throws IOException {
        List<JsonNode> documents;
        try (MappingIterator<JsonNode> iterator = YAML.readerFor(JsonNode.class).readValues(file.toFile())) {
            documents = iterator.readAll();
        } catch (IOException e) {
            errors.add("not readable YAML: " + firstLine(e.getMessage()));
            return;
        }
        int index = 0;
        for (JsonNode document : documents) {
            index++;
            if (document == null || document.isNull() || document.isMissingNode()) {
                continue;
            }
            String apiVersion = document.path("apiVersion").asText("");
            String kind = document.path("kind").asText("");
            String where = "document " + index + " " + kind + "/" + document.path("metadata").path("name").asText("?");
            if (apiVersion.isEmpty() || kind.isEmpty()) {
                errors.add(where + ": apiVersion and kind are required");
                continue;
            }
            try {
                validateDocument(apiVersion, kind, document);
                kinds.merge(kind, 1, Integer::sum);
            } catch (IllegalArgumentException | IOException e) {
                errors.add(where + ": " + firstLine(e.getMessage()));
            }
        }
    }

    private static void validateDocument(String apiVersion, String kind, JsonNode document) throws IOException {
        String custom = CUSTOM_RESOURCES.get(apiVersion + "/" + kind);
        if (custom != null) {
            STRICT.treeToValue(document, loadClass(custom));
            return;
        }
        int slash = apiVersion.lastIndexOf('/');
        String group = slash < 0 ? "" : apiVersion.substring(0, slash);
        String version = apiVersion.substring(slash + 1);
        if (!CORE_GROUPS.contains(group)) {
            throw new IllegalArgumentException("no model for " + apiVersion + " " + kind + ": add one to StrictManifestValidator");
        }
        Class<?> model = loadClass("io.kubernetes.client.openapi.models." + Character.toUpperCase(version.charAt(0))
                + version.substring(1) + kind);
        try {
            Method fromJson = model.getMethod("fromJson", String.class);
            fromJson.invoke(null, STRICT.writeValueAsString(document));
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            throw new IllegalArgumentException(cause.getClass().getSimpleName() + ": " + cause.getMessage(), cause);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Class<?> loadClass(String name) {
        try {
            return Class.forName(name);
        } catch (ClassNotFoundException e) {
            throw new IllegalArgumentException("no model class " + name);
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    /** At most 240 characters: client-java quotes the whole offending object. */
    private static String shorten(String text) {
        return text.length() <= 240 ? text : text.substring(0, 240) + "...";
    }
}
