/** Agent version reported in hello and in every fact set. Keep in step with package.json. */
export const AGENT_VERSION = '0.1.0';
