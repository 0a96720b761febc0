// Checks that the plain Kustomize manifests (k8s/) and the Helm chart (helm/rapport) deploy the
// same thing: for each pair of a kustomize build and a chart rendering, the same Deployments,
// Services, PodDisruptionBudgets, NetworkPolicies and HorizontalPodAutoscalers by name, with the same
// selectors, labels, ports, probes, application environment, security contexts, volumes, replicas,
// resources, scheduling and disruption/autoscaling settings. Where a value lives differs on purpose
// (the chart writes connection URLs literally, kustomize composes them from the rapport-platform
// ConfigMap), the comparison is on what the application sees: the variable names and the database.
//
// Usage: node consistency.mjs KUSTOMIZE.yaml CHART.yaml [KUSTOMIZE.yaml CHART.yaml ...]
import { readFileSync } from "node:fs";
import { parseAllDocuments } from "yaml";
import { isDeepStrictEqual } from "node:util";

// the variables the services read (SPEC section 6 / application.properties)
const APP_ENV = ["QUARKUS_HTTP_PORT", "KAFKA_BOOTSTRAP_SERVERS", "DB_REACTIVE_URL", "DB_JDBC_URL", "DB_USERNAME",
  "DB_PASSWORD", "DB_POOL_SIZE", "RAPPORT_MAX_BODY_SIZE", "QUARKUS_SHUTDOWN_TIMEOUT",
  "RAPPORT_JWT_ISSUER", "RAPPORT_JWT_PUBLIC_KEY_LOCATION", "RAPPORT_JWT_ROLES_CLAIM"];
const DELIVERY_ENV = ["SMTP_HOST", "SMTP_PORT", "QUARKUS_MAILER_START_TLS", "RAPPORT_PUBLIC_URL", "RAPPORT_TOKEN_SECRET"];
const KINDS = ["Deployment", "Service", "PodDisruptionBudget", "NetworkPolicy", "HorizontalPodAutoscaler"];
const SHARED_LABELS = ["app.kubernetes.io/name", "app.kubernetes.io/instance", "app.kubernetes.io/part-of",
  "app.kubernetes.io/version", "rapport.dev/runtime"];

function load(file) {
  const objects = new Map();
  for (const document of parseAllDocuments(readFileSync(file, "utf8"))) {
    const object = document.toJS();
    if (object && KINDS.includes(object.kind)) objects.set(`${object.kind}/${object.metadata.name}`, object);
  }
  return objects;
}

const pick = (object, keys) => Object.fromEntries(keys.filter((k) => object?.[k] !== undefined).map((k) => [k, object[k]]));
const database = (url) => url?.replace(/\?.*$/, "").split("/").pop();

function deploymentView(d) {
  const pod = d.spec.template.spec;
  const c = pod.containers[0];
  const env = Object.fromEntries((c.env ?? []).map((e) => [e.name, e]));
  const wanted = [...APP_ENV, ...(c.name === "delivery-service" ? DELIVERY_ENV : [])];
  const missing = (names) => names.filter((n) => !(n in env));
  const probe = (p) => p && { path: p.httpGet?.path, port: p.httpGet?.port, ...pick(p, ["initialDelaySeconds", "periodSeconds", "timeoutSeconds", "failureThreshold"]) };
  return {
    replicas: d.spec.replicas ?? "(none: HPA)",
    strategy: d.spec.strategy,
    selector: d.spec.selector,
    podLabels: pick(d.spec.template.metadata.labels, SHARED_LABELS),
    serviceAccountName: pod.serviceAccountName,
    automountServiceAccountToken: pod.automountServiceAccountToken,
    podSecurityContext: pod.securityContext,
    terminationGracePeriodSeconds: pod.terminationGracePeriodSeconds,
    affinity: pod.affinity,
    topologySpreadConstraints: pod.topologySpreadConstraints ?? [],
    container: c.name,
    workingDir: c.workingDir,
    ports: c.ports,
    missingAppEnv: missing(wanted),
    httpPortEnv: env.QUARKUS_HTTP_PORT?.value,
    databases: [database(env.DB_REACTIVE_URL?.value), database(env.DB_JDBC_URL?.value)],
    dbCredentials: [env.DB_USERNAME?.valueFrom?.secretKeyRef, env.DB_PASSWORD?.valueFrom?.secretKeyRef],
    tokenSecret: env.RAPPORT_TOKEN_SECRET?.valueFrom?.secretKeyRef,
    poolSize: env.DB_POOL_SIZE?.value,
    maxBodySize: env.RAPPORT_MAX_BODY_SIZE?.value,
    shutdownTimeout: env.QUARKUS_SHUTDOWN_TIMEOUT?.value,
    probes: { startup: probe(c.startupProbe), liveness: probe(c.livenessProbe), readiness: probe(c.readinessProbe) },
    resources: c.resources,
    securityContext: c.securityContext,
    tmp: [(c.volumeMounts ?? []).find((m) => m.mountPath === "/tmp"), (pod.volumes ?? []).find((v) => v.name === "tmp")],
  };
}

function networkPolicyView(n) {
  const ports = (rules) => (rules ?? []).map((r) => (r.ports ?? []).map((p) => `${p.port}/${p.protocol ?? "TCP"}`).sort().join(",")).sort();
  return { podSelector: n.spec.podSelector, policyTypes: n.spec.policyTypes, ingressPorts: ports(n.spec.ingress), egressPorts: ports(n.spec.egress) };
}

const VIEWS = {
  Deployment: deploymentView,
  Service: (s) => ({ type: s.spec.type, selector: s.spec.selector, ports: s.spec.ports, labels: pick(s.metadata.labels, SHARED_LABELS) }),
  PodDisruptionBudget: (p) => ({ selector: p.spec.selector, minAvailable: p.spec.minAvailable, maxUnavailable: p.spec.maxUnavailable }),
  NetworkPolicy: networkPolicyView,
  HorizontalPodAutoscaler: (h) => ({ scaleTargetRef: h.spec.scaleTargetRef, minReplicas: h.spec.minReplicas, maxReplicas: h.spec.maxReplicas, metrics: h.spec.metrics, behavior: h.spec.behavior }),
};

function compare(kustomizeFile, chartFile) {
  const kustomize = load(kustomizeFile);
  const chart = load(chartFile);
  const problems = [];
  const names = [...new Set([...kustomize.keys(), ...chart.keys()])].sort();
  for (const name of names) {
    if (!kustomize.has(name)) { problems.push(`${name} only in the chart`); continue; }
    if (!chart.has(name)) { problems.push(`${name} only in kustomize`); continue; }
    const view = VIEWS[name.split("/")[0]];
    const k = view(kustomize.get(name));
    const c = view(chart.get(name));
    for (const field of Object.keys({ ...k, ...c })) {
      if (!isDeepStrictEqual(k[field], c[field])) {
        problems.push(`${name} ${field}: kustomize ${JSON.stringify(k[field])} != chart ${JSON.stringify(c[field])}`);
      }
    }
    if (k.missingAppEnv?.length || c.missingAppEnv?.length) problems.push(`${name} lacks application variables`);
    if (k.httpPortEnv !== undefined && String(k.ports?.[0]?.containerPort) !== k.httpPortEnv) problems.push(`${name}: QUARKUS_HTTP_PORT differs from containerPort`);
  }
  const counts = KINDS.map((kind) => `${[...chart.keys()].filter((n) => n.startsWith(kind + "/")).length} ${kind}`).join(", ");
  return { problems, counts };
}

const args = process.argv.slice(2);
if (args.length === 0 || args.length % 2 !== 0) {
  console.error("usage: consistency.mjs KUSTOMIZE.yaml CHART.yaml [...]");
  process.exit(2);
}
let failed = 0;
for (let i = 0; i < args.length; i += 2) {
  const { problems, counts } = compare(args[i], args[i + 1]);
  if (problems.length === 0) {
    console.log(`  consistent: ${args[i]} = ${args[i + 1]} (${counts})`);
  } else {
    failed++;
    console.log(`  INCONSISTENT: ${args[i]} vs ${args[i + 1]}:`);
    problems.forEach((p) => console.log(`    ${p}`));
  }
}
process.exit(failed === 0 ? 0 : 1);
