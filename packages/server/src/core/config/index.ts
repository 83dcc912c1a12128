// Configuration: the typed Config and its loader.
export { loadConfig, settingDocs, type Config, type SettingName } from "./config.js";
export { resolveSecretKey } from "./secret-key.js";
