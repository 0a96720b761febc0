// Validates rendered Kubernetes manifests with the JSON schemas of the `kubernetes-models` packages:
// types, enums, formats and required fields of every Kubernetes kind, and of prometheus-operator's
// ServiceMonitor. (It does not see misspelled fields; StrictManifestValidator.java does.)
// Strimzi publishes no such package: a KafkaTopic's metadata is checked here, its spec by the Java
// validator with Strimzi's own model.
//
// Usage: node validate-models.mjs [--must-reject] FILE...
// With --must-reject every file is a deliberately broken fixture: when its header has a line
// `# expect-node: TEXT`, this validator must reject it with a message containing TEXT.
import { readFileSync } from "node:fs";
import { parseAllDocuments } from "yaml";
import { validate as validateObjectMeta } from "@kubernetes-models/apimachinery/_schemas/IoK8sApimachineryPkgApisMetaV1ObjectMeta";

const args = process.argv.slice(2);
const mustReject = args.includes("--must-reject");
const files = args.filter((arg) => arg !== "--must-reject");
if (files.length === 0) {
  console.error("usage: validate-models.mjs [--must-reject] FILE...");
  process.exit(2);
}

const CUSTOM_MODULES = {
  "monitoring.coreos.com/v1": (kind) => `@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/${kind}`,
};

async function modelFor(apiVersion, kind) {
  let specifier;
  if (CUSTOM_MODULES[apiVersion]) {
    specifier = CUSTOM_MODULES[apiVersion](kind);
  } else if (apiVersion === "kafka.strimzi.io/v1beta2" && kind === "KafkaTopic") {
    return null;
  } else {
    // core "v1" lives at kubernetes-models/v1, "apps/v1" at kubernetes-models/apps/v1
    specifier = `kubernetes-models/${apiVersion}/${kind}`;
  }
  try {
    const module = await import(specifier);
    return module[kind] ?? module.default;
  } catch (error) {
    throw new Error(`no kubernetes-models model for ${apiVersion} ${kind} (${specifier})`);
  }
}

async function validateFile(file) {
  const errors = [];
  const kinds = {};
  let documents;
  try {
    documents = parseAllDocuments(readFileSync(file, "utf8"), { uniqueKeys: true });
  } catch (error) {
    return { errors: [`not readable: ${error.message}`], kinds };
  }
  let index = 0;
  for (const document of documents) {
    index++;
    if (document.errors.length > 0) {
      errors.push(`document ${index}: YAML error: ${document.errors[0].message.split("\n")[0]}`);
      continue;
    }
    const object = document.toJS();
    if (object === null || object === undefined) continue;
    const where = `document ${index} ${object.kind}/${object.metadata?.name ?? "?"}`;
    if (!object.apiVersion || !object.kind) {
      errors.push(`${where}: apiVersion and kind are required`);
      continue;
    }
    try {
      const Model = await modelFor(object.apiVersion, object.kind);
      if (Model === null) {
        // KafkaTopic: metadata only (see above)
        if (!validateObjectMeta(object.metadata ?? {})) {
          throw new Error(validateObjectMeta.errors.map((e) => `metadata${e.instancePath} ${e.message}`).join(", "));
        }
        if (typeof object.spec !== "object" || object.spec === null) throw new Error("spec is required");
      } else {
        new Model(object).validate();
      }
      kinds[object.kind] = (kinds[object.kind] ?? 0) + 1;
    } catch (error) {
      errors.push(`${where}: ${error.message.split("\n")[0]}`);
    }
  }
  return { errors, kinds };
}

let failures = 0;
for (const file of files) {
  const { errors, kinds } = await validateFile(file);
  if (!mustReject) {
    if (errors.length === 0) {
      const count = Object.values(kinds).reduce((a, b) => a + b, 0);
      const summary = Object.entries(kinds).sort().map(([k, n]) => `${k}=${n}`).join(", ");
      console.log(`  kubernetes-models: ${file}: ${count} objects valid {${summary}}`);
    } else {
      errors.forEach((error) => console.log(`  kubernetes-models: ${file}: INVALID ${error}`));
      failures++;
    }
    continue;
  }
  const expected = readFileSync(file, "utf8").split("\n")
    .find((line) => line.startsWith("# expect-node:"))?.slice("# expect-node:".length).trim();
  if (!expected) {
    console.log(`  kubernetes-models: ${file}: not this validator's case (no '# expect-node:' line)`);
  } else if (errors.length === 0) {
    console.log(`  kubernetes-models: ${file}: ACCEPTED, but it is broken on purpose (expected: ${expected})`);
    failures++;
  } else if (!errors.some((error) => error.includes(expected))) {
    console.log(`  kubernetes-models: ${file}: rejected for another reason than '${expected}': ${errors.join("; ")}`);
    failures++;
  } else {
    console.log(`  kubernetes-models: ${file}: rejected as expected: ${errors[0]}`);
  }
}
process.exit(failures === 0 ? 0 : 1);
