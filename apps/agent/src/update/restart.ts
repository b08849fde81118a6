import { spawn } from 'node:child_process';

/**
 * Start this program again after an update or rollback. Under systemd (INVOCATION_ID), launchd
 * (XPC_SERVICE_NAME) or the Windows boot task (as SYSTEM) the agent exits with 75 and the service
 * manager starts the new program. In
 * the foreground on Linux and macOS the process is replaced (execve, same arguments and V8
 * settings); on Windows the new program is started and this one exits.
 */
export function restartProgram(program: string, env: NodeJS.ProcessEnv = process.env): void {
  const args = process.argv.slice(2);
  const lean = process.execArgv.length > 0 ? [`--node-options=${process.execArgv.join(' ')}`] : [];
  // The Windows boot task runs as SYSTEM (USERNAME is the machine account, "NAME$") and starts the
  // agent again within 5 minutes; a detached copy would run outside the task and be doubled by it.
  const windowsTask = process.platform === 'win32' && (env.USERNAME ?? '').endsWith('$');
  if (env.INVOCATION_ID || env.XPC_SERVICE_NAME?.startsWith('org.safefleet') || windowsTask) process.exit(75);
  const execve = (process as { execve?: (file: string, args: string[], env: NodeJS.ProcessEnv) => never }).execve;
  if (process.platform !== 'win32' && execve) execve(program, [program, ...lean, ...args], env);
  spawn(program, [...lean, ...args], { detached: true, stdio: 'inherit', windowsHide: true }).unref();
  process.exit(0);
}
