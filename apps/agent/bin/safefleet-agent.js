#!/usr/bin/env node
import('../dist/cli.js').catch((err) => {
  if (err && err.code === 'ERR_MODULE_NOT_FOUND' && String(err.message).includes('dist/cli.js')) {
    console.error('safefleet-agent is not built yet: run "npm run build" in the repository first.');
    process.exit(1);
  }
  throw err;
});
