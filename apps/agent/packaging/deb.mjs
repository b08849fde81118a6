// A .deb for Debian/Ubuntu fleets (dpkg-deb): the same signed linux program, installed to
// /opt/safefleet-agent. Enrolment still needs the string: postinst says how, or re-registers the
// service on an upgrade of an already enrolled device. Removing the package stops the service;
// purging also deletes the agent's state.
import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const ARCH = { 'linux-x64': 'amd64', 'linux-arm64': 'arm64' };

export function dpkgDebAvailable() {
  try {
    execFileSync('dpkg-deb', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Build safefleet-agent_<version>_<arch>.deb in outDir from a linux program; returns its file name. */
export function buildDeb({ program, target, version, outDir, workDir }) {
  const arch = ARCH[target];
  if (!arch) throw new Error(`no .deb for ${target}`);
  const root = join(workDir, `deb-${target}`);
  rmSync(root, { recursive: true, force: true });
  mkdirSync(join(root, 'DEBIAN'), { recursive: true });
  mkdirSync(join(root, 'opt/safefleet-agent'), { recursive: true, mode: 0o755 });
  copyFileSync(program, join(root, 'opt/safefleet-agent/safefleet-agent'));
  chmodSync(join(root, 'opt/safefleet-agent/safefleet-agent'), 0o755);
  const debVersion = version.replace(/-/g, '~');
  writeFileSync(
    join(root, 'DEBIAN/control'),
    `Package: safefleet-agent
Version: ${debVersion}
Architecture: ${arch}
Maintainer: Safefleet <it-lead@localhost>
Section: admin
Priority: optional
Description: Safefleet device agent
 Reports this device's antivirus, updates, password age, apps, disk
 encryption and screen lock to the organisation's Safefleet console.
 Enrol it with: sudo /opt/safefleet-agent/safefleet-agent install --enroll SFE1...
`,
  );
  const script = (name, body) => {
    writeFileSync(join(root, 'DEBIAN', name), `#!/bin/sh\nset -e\n${body}`);
    chmodSync(join(root, 'DEBIAN', name), 0o755);
  };
  script(
    'postinst',
    `if [ "$1" = configure ]; then
  if [ -f /var/lib/safefleet-agent/enrolment.json ]; then
    # Upgrade of an enrolled device: keep its identity, rewrite and restart the service.
    /opt/safefleet-agent/safefleet-agent install || true
  else
    echo "Safefleet agent installed. Enrol this device with the string from the console's Enrol devices page:"
    echo "  sudo /opt/safefleet-agent/safefleet-agent install --enroll SFE1..."
  fi
fi
`,
  );
  script('prerm', `if [ "$1" = remove ]; then /opt/safefleet-agent/safefleet-agent uninstall >/dev/null 2>&1 || true; fi\n`);
  script('postrm', `if [ "$1" = purge ]; then rm -rf /var/lib/safefleet-agent; fi\n`);
  const name = `safefleet-agent_${debVersion}_${arch}.deb`;
  execFileSync('dpkg-deb', ['--root-owner-group', '-Zxz', '--build', root, join(outDir, name)], { stdio: ['ignore', 'ignore', 'inherit'] });
  rmSync(root, { recursive: true, force: true });
  if (!existsSync(join(outDir, name))) throw new Error(`dpkg-deb wrote no ${name}`);
  return name;
}
