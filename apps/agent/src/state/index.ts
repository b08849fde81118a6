export { ensureDir, fsyncDir, readJsonFile, writeFileAtomic, writeJsonAtomic } from './atomic.js';
export { defaultStateDir, resolveStateDir, STATE_ENV, type StateDirContext } from './paths.js';
export {
  AgentState,
  DEFAULT_COLLECT_INTERVAL_MINUTES,
  parseEnrolment,
  STATE_FILES,
  type AgentConfig,
  type Enrolment,
} from './store.js';
