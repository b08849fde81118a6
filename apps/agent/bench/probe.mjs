// Loaded into the measured agent process with `node --import`: when the process exits, write its
// own peak memory and CPU (and that of the commands it ran and waited for) to $SAFEFLEET_BENCH_OUT.
import { readFileSync, writeFileSync } from 'node:fs';

const out = process.env.SAFEFLEET_BENCH_OUT;
if (out) {
  process.on('exit', () => {
    const ru = process.resourceUsage();
    const sample = { maxRssKiB: ru.maxRSS, userS: ru.userCPUTime / 1e6, sysS: ru.systemCPUTime / 1e6 };
    try {
      const status = readFileSync('/proc/self/status', 'utf8');
      sample.vmHwmKiB = Number(/^VmHWM:\s+(\d+)/m.exec(status)?.[1]);
      // Fields after the ")" of /proc/self/stat: utime is the 12th, stime 13th, cutime 14th, cstime 15th.
      const f = readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
      sample.ticks = { utime: +f[11], stime: +f[12], cutime: +f[13], cstime: +f[14] };
    } catch {
      // Not Linux: resourceUsage() alone (no children's CPU).
    }
    writeFileSync(out, JSON.stringify(sample));
  });
}
