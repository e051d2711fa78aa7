export { ConfigSchema, type Config } from "./schema.ts";
export { loadConfig, ConfigError, secretValues, teamEnabled } from "./load.ts";
