/** Linux: a systemd system service running `safefleet-agent run` as root, logging to the journal. */
import { SERVICE_NAME, type Programs, type ServiceLayout } from './layout.js';
import { agentLaunchArgs } from '../runtime.js';

export const UNIT_NAME = `${SERVICE_NAME}.service`;

/** systemd command-line quoting: plain words as they are, anything else in double quotes. */
function quote(arg: string): string {
  if (/^[\w@%+=:,./-]+$/.test(arg)) return arg;
  return `"${arg.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/%/g, '%%').replace(/\$/g, '$$$$')}"`;
}

export function systemdUnit(layout: ServiceLayout, programs: Programs): string {
  const exec = [...agentLaunchArgs(programs), 'run', '--state', layout.stateDir].map(quote).join(' ');
  return `# Safefleet device agent: collects safety facts and reports them to the Safefleet console.
# Written by 'safefleet-agent install'; 'safefleet-agent uninstall' removes it.
[Unit]
Description=Safefleet device agent
Documentation=man:systemd.service(5)
Wants=network-online.target
After=network-online.target

[Service]
Type=simple
ExecStart=${exec}
Restart=on-failure
RestartSec=60
# Stops cleanly on SIGTERM (the outbox is on disk); give a running collection time to finish.
TimeoutStopSec=30
# /var/lib/safefleet-agent, created and kept at 0700 by systemd.
StateDirectory=${SERVICE_NAME}
StateDirectoryMode=0700
WorkingDirectory=/var/lib/${SERVICE_NAME}
UMask=0077
StandardOutput=journal
StandardError=journal
SyslogIdentifier=${SERVICE_NAME}
# A background agent: low CPU and disk priority. No memory cap: dnf and apt run inside this
# service's cgroup and a cap would kill them rather than the agent.
Nice=10
CPUWeight=20
IOWeight=20
# Hardening that keeps what the collectors need: root reads /etc/shadow and people's home
# folders (read-only), runs apt/dpkg/dnf/rpm/lsblk/loginctl, and runs gsettings as a keeper
# on their session bus in /run/user (so no PrivateDevices, no PrivateUsers, no
# CapabilityBoundingSet, no ProtectProc).
NoNewPrivileges=yes
ProtectSystem=full
ProtectHome=read-only
# …except /run/user: gsettings (dconf) opens its notification file there read-write.
ReadWritePaths=-/run/user
PrivateTmp=yes
ProtectKernelTunables=yes
ProtectKernelModules=yes
ProtectKernelLogs=yes
ProtectControlGroups=yes
ProtectClock=yes
ProtectHostname=yes
RestrictSUIDSGID=yes
RestrictRealtime=yes
RestrictNamespaces=yes
LockPersonality=yes
SystemCallArchitectures=native
RestrictAddressFamilies=AF_UNIX AF_INET AF_INET6 AF_NETLINK

[Install]
WantedBy=multi-user.target
`;
}

/** After writing the unit on a real install. */
export const LINUX_ENABLE: string[][] = [
  ['systemctl', 'daemon-reload'],
  ['systemctl', 'enable', '--now', UNIT_NAME],
];

/** Before removing the unit on a real install (failure ignored: it may not be loaded). */
export const LINUX_DISABLE: string[][] = [['systemctl', 'disable', '--now', UNIT_NAME]];
export const LINUX_AFTER_REMOVE: string[][] = [['systemctl', 'daemon-reload']];
