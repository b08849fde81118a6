import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { launchdPlist } from './darwin.js';
import { find, parseXml, plistValue, text } from './fixtures/xml-tree.js';
import { serviceLayout, underPrefix, type Programs } from './layout.js';
import { systemdUnit } from './linux.js';
import { installPlan, uninstallPlan } from './plan.js';
import { cmdLine, installScript, taskAction, taskXml, uninstallScript, utf16le, windowsInstallCommands } from './win32.js';

const unixPrograms: Programs = { node: '/opt/node 20/bin/node', bin: '/opt/safefleet/bin/safefleet-agent.js' };
const winPrograms: Programs = { node: 'C:\\Program Files\\nodejs\\node.exe', bin: 'C:\\Program Files\\Safefleet\\agent\\bin\\safefleet-agent.js' };

/** [Section] key=value lines of a unit file; repeated keys keep every value. */
function unitFile(text: string): Record<string, Record<string, string[]>> {
  const out: Record<string, Record<string, string[]>> = {};
  let section = '';
  for (const line of text.split('\n')) {
    if (/^\s*(#|$)/.test(line)) continue;
    const s = /^\[(\w+)\]$/.exec(line);
    if (s) {
      section = s[1]!;
      out[section] = {};
    } else {
      const i = line.indexOf('=');
      const values = out[section]!;
      const key = line.slice(0, i);
      values[key] = [...(values[key] ?? []), line.slice(i + 1)];
    }
  }
  return out;
}

describe('systemd unit (Linux)', () => {
  const unit = unitFile(systemdUnit(serviceLayout('linux'), unixPrograms));
  it('runs the agent with absolute paths, restarts on failure, keeps state 0700 and logs to the journal', () => {
    expect(unit.Service).toMatchObject({
      Type: ['simple'],
      ExecStart: [
        '"/opt/node 20/bin/node" --lite-mode --no-expose-wasm --max-semi-space-size=1 --v8-pool-size=0 /opt/safefleet/bin/safefleet-agent.js run --state /var/lib/safefleet-agent',
      ],
      Restart: ['on-failure'],
      RestartSec: ['60'],
      StateDirectory: ['safefleet-agent'],
      StateDirectoryMode: ['0700'],
      StandardOutput: ['journal'],
      StandardError: ['journal'],
    });
    expect(unit.Unit).toMatchObject({ After: ['network-online.target'], Wants: ['network-online.target'] });
    expect(unit.Install).toEqual({ WantedBy: ['multi-user.target'] });
  });
  it('is hardened without breaking /etc/shadow, home folders, apt/dpkg or the session bus', () => {
    expect(unit.Service).toMatchObject({ ProtectSystem: ['full'], ProtectHome: ['read-only'], NoNewPrivileges: ['yes'], PrivateTmp: ['yes'] });
    for (const breaks of [
      'User',
      'DynamicUser',
      'PrivateDevices',
      'PrivateUsers',
      'CapabilityBoundingSet',
      'ProtectProc',
      'InaccessiblePaths',
      'MemoryMax',
    ]) {
      expect(unit.Service?.[breaks], breaks).toBeUndefined();
    }
  });
});

describe('the test XML reader', () => {
  it('rejects what is not well-formed, so the checks below can fail', () => {
    for (const bad of ['<a><b></a>', '<a>x & y</a>', '<a>', '<a/><b/>', 'text<a/>', '<a x=1/>', '<a>&nope;</a>']) {
      expect(() => parseXml(bad), bad).toThrow();
    }
    expect(parseXml('<?xml version="1.0"?><a k="&lt;v&gt;">t&amp;u<b/></a>')).toEqual({
      name: 'a',
      attrs: { k: '<v>' },
      children: ['t&u', { name: 'b', attrs: {}, children: [] }],
    });
  });
});

describe('launchd plist (macOS)', () => {
  const xml = launchdPlist(serviceLayout('darwin'), unixPrograms);
  const expected = {
    Label: 'org.safefleet.agent',
    ProgramArguments: [
      '/opt/node 20/bin/node',
      '--lite-mode',
      '--no-expose-wasm',
      '--max-semi-space-size=1',
      '--v8-pool-size=0',
      '/opt/safefleet/bin/safefleet-agent.js',
      'run',
      '--state',
      '/Library/Application Support/Safefleet',
    ],
    RunAtLoad: true,
    KeepAlive: true,
    ThrottleInterval: 60,
    WorkingDirectory: '/Library/Application Support/Safefleet',
    StandardOutPath: '/Library/Logs/Safefleet/agent.log',
    StandardErrorPath: '/Library/Logs/Safefleet/agent.log',
    ProcessType: 'Background',
    Umask: 63,
  };
  it('is well-formed XML with the right keys', () => {
    const root = parseXml(xml);
    expect(root).toMatchObject({ name: 'plist', attrs: { version: '1.0' } });
    expect(plistValue(find(root, 'dict')!)).toEqual(expected);
  });
  it('escapes what XML needs escaping', () => {
    const odd = launchdPlist(serviceLayout('darwin'), { node: '/a&b/<node>', bin: '/x\'y"z.js' });
    expect((plistValue(find(parseXml(odd), 'dict')!) as { ProgramArguments: string[] }).ProgramArguments.slice(0, 6)).toEqual([
      '/a&b/<node>',
      '--lite-mode',
      '--no-expose-wasm',
      '--max-semi-space-size=1',
      '--v8-pool-size=0',
      '/x\'y"z.js',
    ]);
  });
  const python = (() => {
    try {
      execFileSync('python3', ['-c', 'import plistlib'], { stdio: 'ignore' });
      return true;
    } catch {
      return false;
    }
  })();
  it.skipIf(!python)("reads the same with Python's plistlib (Apple's format rules)", () => {
    const out = execFileSync('python3', ['-c', 'import plistlib,sys,json; print(json.dumps(plistlib.loads(sys.stdin.buffer.read())))'], {
      input: xml,
    });
    expect(JSON.parse(out.toString())).toEqual(expected);
  });
});

describe('Windows boot task', () => {
  const layout = serviceLayout('win32', { ProgramData: 'C:\\ProgramData' });
  const xml = taskXml(layout, winPrograms);
  it('is UTF-16LE with a byte-order mark, as schtasks /XML expects', () => {
    const bytes = utf16le(xml);
    expect([...bytes.subarray(0, 2)]).toEqual([0xff, 0xfe]);
    expect(bytes.subarray(2).toString('utf16le')).toBe(xml.replace(/\n/g, '\r\n'));
  });
  it('runs node as SYSTEM at boot, retried every 5 minutes, one copy, no time limit, output to the log', () => {
    const task = parseXml(xml);
    expect(task.attrs.xmlns).toBe('http://schemas.microsoft.com/windows/2004/02/mit/task');
    expect(text(find(task, 'RegistrationInfo', 'URI')!)).toBe('\\Safefleet\\Agent');
    expect(find(task, 'Triggers', 'BootTrigger', 'Repetition', 'Interval')).toMatchObject({ children: ['PT5M'] });
    expect(text(find(task, 'Principals', 'Principal', 'UserId')!)).toBe('S-1-5-18');
    expect(text(find(task, 'Settings', 'MultipleInstancesPolicy')!)).toBe('IgnoreNew');
    expect(text(find(task, 'Settings', 'ExecutionTimeLimit')!)).toBe('PT0S');
    expect(text(find(task, 'Settings', 'DisallowStartIfOnBatteries')!)).toBe('false');
    expect(text(find(task, 'Settings', 'RestartOnFailure', 'Interval')!)).toBe('PT1M');
    expect(text(find(task, 'Actions', 'Exec', 'Command')!)).toBe('C:\\Windows\\System32\\cmd.exe');
    expect(text(find(task, 'Actions', 'Exec', 'Arguments')!)).toBe(
      '/d /s /c ""C:\\Program Files\\nodejs\\node.exe" --lite-mode --no-expose-wasm --max-semi-space-size=1 --v8-pool-size=0 "C:\\Program Files\\Safefleet\\agent\\bin\\safefleet-agent.js" run --state "C:\\ProgramData\\Safefleet" >> "C:\\ProgramData\\Safefleet\\logs\\agent.log" 2>&1"',
    );
    expect(text(find(task, 'Actions', 'Exec', 'WorkingDirectory')!)).toBe('C:\\ProgramData\\Safefleet');
  });
  it('install and uninstall commands, exactly', () => {
    expect(windowsInstallCommands(layout).map(cmdLine)).toEqual([
      'icacls.exe C:\\ProgramData\\Safefleet /inheritance:r /grant:r *S-1-5-18:(OI)(CI)F *S-1-5-32-544:(OI)(CI)F',
      'schtasks.exe /Create /TN \\Safefleet\\Agent /XML C:\\ProgramData\\Safefleet\\service\\safefleet-agent.task.xml /F',
      'schtasks.exe /Run /TN \\Safefleet\\Agent',
    ]);
    expect(installScript(layout).split('\n').slice(-5)).toEqual([
      "New-Item -ItemType Directory -Force -Path 'C:\\ProgramData\\Safefleet\\logs' | Out-Null",
      "Invoke-Step 'icacls.exe' @('C:\\ProgramData\\Safefleet', '/inheritance:r', '/grant:r', '*S-1-5-18:(OI)(CI)F', '*S-1-5-32-544:(OI)(CI)F')",
      "Invoke-Step 'schtasks.exe' @('/Create', '/TN', '\\Safefleet\\Agent', '/XML', 'C:\\ProgramData\\Safefleet\\service\\safefleet-agent.task.xml', '/F')",
      "Invoke-Step 'schtasks.exe' @('/Run', '/TN', '\\Safefleet\\Agent')",
      '',
    ]);
    expect(uninstallScript(layout).split('\n').slice(-3)).toEqual([
      "Invoke-Step 'schtasks.exe' @('/End', '/TN', '\\Safefleet\\Agent') -MayFail",
      "Invoke-Step 'schtasks.exe' @('/Delete', '/TN', '\\Safefleet\\Agent', '/F')",
      '',
    ]);
    expect(installScript(layout)).toContain('#Requires -RunAsAdministrator');
  });
  it('follows %ProgramData% and quotes paths with spaces', () => {
    const d = serviceLayout('win32', { ProgramData: 'D:\\Program Data' });
    expect(cmdLine(windowsInstallCommands(d)[0]!)).toBe(
      'icacls.exe "D:\\Program Data\\Safefleet" /inheritance:r /grant:r *S-1-5-18:(OI)(CI)F *S-1-5-32-544:(OI)(CI)F',
    );
  });
});

describe('install and uninstall plans', () => {
  it('with --prefix: files and state under the prefix, nothing to run', () => {
    const p = installPlan('linux', '/tmp/x');
    expect(p).toMatchObject({ real: false, stateDir: '/tmp/x/var/lib/safefleet-agent', prepare: [], unload: [], start: [] });
    expect(p.files.map((f) => [f.path, f.mode])).toEqual([['/tmp/x/etc/systemd/system/safefleet-agent.service', 0o644]]);
    expect(installPlan('win32', '/tmp/w').files.map((f) => f.path)).toEqual([
      '/tmp/w/ProgramData/Safefleet/service/safefleet-agent.task.xml',
      '/tmp/w/ProgramData/Safefleet/service/install-service.ps1',
      '/tmp/w/ProgramData/Safefleet/service/uninstall-service.ps1',
    ]);
    const program = '/tmp/m/Library/Application Support/Safefleet/bin/safefleet-agent';
    expect(uninstallPlan('darwin', '/tmp/m')).toMatchObject({
      stop: [],
      after: [],
      // The single-file program and self-update's copies beside it, wherever they exist.
      files: ['/tmp/m/Library/LaunchDaemons/org.safefleet.agent.plist', program, `${program}.previous`, `${program}.new`],
      purge: ['/tmp/m/Library/Application Support/Safefleet', '/tmp/m/Library/Logs/Safefleet'],
    });
  });
  it('a real install enables and starts the service; a real uninstall stops it first', () => {
    expect(installPlan('linux').start).toEqual([
      ['systemctl', 'daemon-reload'],
      ['systemctl', 'enable', '--now', 'safefleet-agent.service'],
    ]);
    expect(uninstallPlan('linux')).toMatchObject({
      stop: [['systemctl', 'disable', '--now', 'safefleet-agent.service']],
      after: [['systemctl', 'daemon-reload']],
    });
    expect(installPlan('darwin').start).toEqual([
      ['launchctl', 'enable', 'system/org.safefleet.agent'],
      ['launchctl', 'bootstrap', 'system', '/Library/LaunchDaemons/org.safefleet.agent.plist'],
    ]);
    expect(installPlan('darwin').unload).toEqual([['launchctl', 'bootout', 'system/org.safefleet.agent']]);
    const w = installPlan('win32', undefined, { ProgramData: 'C:\\ProgramData' });
    expect(w.prepare.map(cmdLine)).toEqual([
      'icacls.exe C:\\ProgramData\\Safefleet /inheritance:r /grant:r *S-1-5-18:(OI)(CI)F *S-1-5-32-544:(OI)(CI)F',
    ]);
    expect(w.start.map(cmdLine)).toEqual([
      'schtasks.exe /Create /TN \\Safefleet\\Agent /XML C:\\ProgramData\\Safefleet\\service\\safefleet-agent.task.xml /F',
      'schtasks.exe /Run /TN \\Safefleet\\Agent',
    ]);
  });
  it('a single-file program is copied into a folder only administrators can write, and the service runs that copy', () => {
    const linux = serviceLayout('linux');
    expect(linux).toMatchObject({ programDir: '/opt/safefleet-agent', program: '/opt/safefleet-agent/safefleet-agent' });
    expect(systemdUnit(linux, { node: linux.program, bin: null })).toContain(
      'ExecStart=/opt/safefleet-agent/safefleet-agent "--node-options=--lite-mode --no-expose-wasm --max-semi-space-size=1 --v8-pool-size=0" run --state /var/lib/safefleet-agent\n',
    );
    const win = serviceLayout('win32', { ProgramData: 'C:\\ProgramData', ProgramFiles: 'C:\\Program Files' });
    expect(win.program).toBe('C:\\Program Files\\Safefleet\\safefleet-agent.exe');
    expect(taskAction(win, { node: win.program, bin: null }).arguments).toContain(
      '"C:\\Program Files\\Safefleet\\safefleet-agent.exe" "--node-options=--lite-mode --no-expose-wasm --max-semi-space-size=1 --v8-pool-size=0" run --state',
    );
    const mac = serviceLayout('darwin');
    expect(launchdPlist(mac, { node: mac.program, bin: null })).toContain(
      '<string>/Library/Application Support/Safefleet/bin/safefleet-agent</string>',
    );
  });
  it('maps machine paths into the prefix', () => {
    expect(underPrefix('/p', 'C:\\ProgramData\\Safefleet')).toBe('/p/ProgramData/Safefleet');
    expect(underPrefix('/p', '/Library/Application Support/Safefleet')).toBe('/p/Library/Application Support/Safefleet');
  });
});
