export { ConfigSchema, type Config } from "./schema.ts";
export { loadConfig, ConfigError, secretValues, teamEnabled } from "./load.ts";
export { parseInstances, instancesProblem, MAX_INSTANCES, type InstanceCounts } from "./instances.ts";
