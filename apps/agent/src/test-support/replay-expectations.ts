/** What each shipped bundle (test-bundles/<name>) must replay to: key facts and every finding. */
import type { ControlId, Facts } from '@safefleet/protocol';
import { expect } from 'vitest';

type Status = 'pass' | 'grace' | 'fail' | 'unknown';
export interface BundleExpectation {
  facts: (f: Facts) => void;
  findings: Partial<Record<ControlId, [Status, RegExp?]>>;
}

const appIds = (f: Facts) => f.apps.apps.map((a) => a.id);

export const BUNDLE_EXPECTATIONS: Record<string, BundleExpectation> = {
  'ubuntu-2404': {
    facts(f) {
      expect(f.os).toMatchObject({
        status: 'ok',
        platform: 'linux',
        distro: 'Ubuntu',
        release: '24.04.1 LTS',
        build: 'noble',
        kernel: '6.8.0-49-generic',
        hostname: 'kc-laptop-07',
      });
      expect(f.antivirus).toEqual({ status: 'ok', products: [] });
      expect(f.updates).toMatchObject({
        status: 'ok',
        source: 'apt',
        pendingCount: 6,
        securityPendingCount: 4,
        lastInstalledAt: '2026-10-28T18:06:12.000Z',
      });
      expect(
        f.updates.pending
          .filter((p) => p.security)
          .map((p) => p.name)
          .sort(),
      ).toEqual(['libc-bin', 'libc6', 'libssl3t64', 'openssl']);
      expect(f.accounts.accounts).toEqual([
        { username: 'sam', isHuman: true, passwordLastSetAt: '2026-10-19T00:00:00.000Z', mustChangeAtNextLogin: false, source: 'local', uid: 1000 },
      ]);
      expect(appIds(f)).toEqual(expect.arrayContaining(['discord', 'firefox', 'libreoffice-writer', 'discord_discord']));
      expect(f.apps.apps.find((a) => a.id === 'discord' && a.source === 'snap')).toMatchObject({ version: '0.0.73' });
      expect(f.encryption.volumes).toEqual([
        expect.objectContaining({ mount: '/', device: '/dev/mapper/vgubuntu-root', encrypted: true, method: 'LUKS', isSystem: true }),
      ]);
      expect(f.screenLock).toMatchObject({
        status: 'ok',
        users: [{ user: 'sam', lockEnabled: true, idleSeconds: 300, lockDelaySeconds: 0, source: 'gnome' }],
      });
    },
    findings: {
      antivirus: ['fail', /No antivirus is installed/],
      antispyware: ['fail'],
      // No agent state in a replay: the updates are first seen "now", so they are in grace.
      'os-updates': ['grace', /4 security updates are waiting .*first seen today; install by 2026-12-04/],
      'password-age': ['pass', /'sam'.*2026-10-19/],
      'social-apps': ['fail', /Discord \(Snap package 'discord'/],
      'disk-encryption': ['pass', /encrypted with LUKS/],
      'screen-lock': ['pass', /after 5 minutes idle/],
      'agent-checkin': ['unknown'],
    },
  },
  'fedora-40': {
    facts(f) {
      expect(f.os).toMatchObject({
        status: 'ok',
        platform: 'linux',
        distro: 'Fedora Linux',
        release: '40 (Workstation Edition)',
        kernel: '6.10.5-200.fc40.x86_64',
      });
      expect(f.antivirus.products).toEqual([
        expect.objectContaining({
          name: 'ClamAV',
          enabled: true,
          realTime: false,
          antispyware: true,
          signaturesUpdatedAt: '2026-11-19T09:12:00.000Z',
          source: 'clamav:/var/lib/clamav/daily.cvd',
          raw: expect.objectContaining({
            clamd: 'active',
            freshclam: 'active',
            dailyVersion: 27463,
            signatures: 2071913,
            buildTime: '19 Nov 2026 04-12 -0500',
          }),
        }),
      ]);
      expect(f.updates).toMatchObject({
        status: 'ok',
        source: 'dnf',
        pendingCount: 6,
        securityPendingCount: 3,
        lastInstalledAt: '2026-11-02T19:20:05.000Z',
      });
      expect(
        f.updates.pending
          .filter((p) => p.security)
          .map((p) => p.name)
          .sort(),
      ).toEqual(['curl', 'kernel', 'kernel-core']);
      expect(f.accounts.accounts).toEqual([
        expect.objectContaining({ username: 'jo', isHuman: true, passwordLastSetAt: '2026-06-23T00:00:00.000Z' }),
      ]);
      expect(appIds(f)).toEqual(expect.arrayContaining(['clamav', 'firefox', 'org.libreoffice.LibreOffice']));
      expect(appIds(f)).not.toContain('gpg-pubkey');
      expect(f.encryption.volumes).toEqual([
        expect.objectContaining({ device: '/dev/mapper/luks-680cb146-2018-49f5-b166-c4ecec3dfe26', encrypted: true, method: 'LUKS' }),
      ]);
      expect(f.screenLock.users).toEqual([{ user: 'jo', lockEnabled: true, idleSeconds: 600, lockDelaySeconds: 0, source: 'gnome' }]);
    },
    findings: {
      antivirus: ['pass', /ClamAV is switched on and its virus definitions were last updated on 2026-11-19/],
      antispyware: ['pass'],
      'os-updates': ['grace', /3 security updates are waiting to be installed \(kernel, kernel-core and curl\)/],
      'password-age': ['fail', /'jo' was last changed 150 days ago/],
      'social-apps': ['pass'],
      'disk-encryption': ['pass'],
      'screen-lock': ['pass', /after 10 minutes idle/],
      'agent-checkin': ['unknown'],
    },
  },
  'windows-11-entra': {
    facts(f) {
      expect(f.os).toMatchObject({ status: 'ok', platform: 'win32', hostname: 'YW-LAPTOP-07' });
      expect(f.accounts.workAccounts).toEqual([
        {
          upn: 'jo.bloggs@youngcarers.org.uk',
          provider: 'microsoft',
          joinState: 'entra-joined',
          tenantName: 'Young Carers Trust',
          localUser: 'AzureAD\\JoBloggs',
        },
      ]);
      expect(f.accounts.accounts.filter((a) => a.isHuman).map((a) => [a.username, a.source, a.passwordLastSetAt])).toEqual([
        ['kcadmin', 'local', '2026-10-02T16:20:11.000Z'],
        ['priya', 'local', '2026-09-28T08:02:55.000Z'],
        ['AzureAD\\JoBloggs', 'entra', null],
      ]);
    },
    findings: {
      // On the device alone the work account's password date is unknown; the console adds Microsoft 365's.
      'password-age': ['unknown', /'AzureAD\\JoBloggs'.*Entra ID/],
      'social-apps': ['fail', /WhatsApp/],
      'agent-checkin': ['unknown'],
    },
  },
  'windows-11-defender': {
    facts(f) {
      expect(f.os).toMatchObject({
        status: 'ok',
        platform: 'win32',
        distro: 'Windows 11 Pro',
        release: '24H2',
        build: '26100.2314',
        arch: 'x64',
        hostname: 'KC-LAPTOP-12',
      });
      expect(f.antivirus.products).toEqual([
        expect.objectContaining({
          name: 'Microsoft Defender Antivirus',
          enabled: true,
          realTime: true,
          antispyware: true,
          signaturesUpdatedAt: '2026-11-19T03:12:40.000Z',
        }),
      ]);
      expect(f.updates).toMatchObject({ status: 'ok', source: 'windows-update', pendingCount: 0, lastInstalledAt: '2026-11-11T09:44:18.000Z' });
      expect(f.accounts.accounts.filter((a) => a.isHuman).map((a) => [a.username, a.source, a.passwordLastSetAt])).toEqual([
        ['kcadmin', 'local', '2026-10-02T16:20:11.000Z'],
        ['priya', 'microsoft', null],
      ]);
      expect(f.apps.apps.find((a) => a.id === '5319275A.WhatsAppDesktop_cv1g1gvanyjgm')).toMatchObject({ source: 'store', user: 'priya' });
      expect(f.encryption.volumes).toEqual([
        expect.objectContaining({ mount: 'C:', encrypted: true, method: 'BitLocker XTS-AES 128', isSystem: true }),
      ]);
      expect(f.screenLock.users).toEqual([expect.objectContaining({ user: 'priya', lockEnabled: true, idleSeconds: 600 })]);
    },
    findings: {
      antivirus: ['pass', /Microsoft Defender Antivirus is switched on .*2026-11-19/],
      antispyware: ['pass'],
      'os-updates': ['pass', /No security updates are waiting/],
      // priya signs in with a Microsoft account: its password date is not on the device.
      'password-age': ['unknown', /'priya'.*Microsoft account.*'kcadmin'.*within the 90-day limit/],
      'social-apps': ['fail', /WhatsApp \(Microsoft Store app '5319275A\.WhatsAppDesktop'/],
      'disk-encryption': ['pass', /BitLocker/],
      'screen-lock': ['pass', /after 10 minutes idle/],
      'agent-checkin': ['unknown'],
    },
  },
  'windows-10-thirdparty-av': {
    facts(f) {
      expect(f.os).toMatchObject({ status: 'ok', platform: 'win32', distro: 'Windows 10 Pro', release: '22H2', build: '19045.5131' });
      const byName = new Map(f.antivirus.products.map((p) => [p.name, p]));
      expect(byName.get('ESET Endpoint Antivirus')).toMatchObject({
        enabled: true,
        realTime: true,
        signaturesUpToDate: true,
        source: 'SecurityCenter2',
      });
      // Passive mode: installed and updating, but not the one protecting the device.
      expect(byName.get('Microsoft Defender Antivirus')).toMatchObject({ enabled: false, realTime: false });
      expect(f.updates).toMatchObject({ status: 'ok', pendingCount: 2, securityPendingCount: 1, lastInstalledAt: '2026-10-16T12:03:44.000Z' });
      expect(f.accounts.accounts.find((a) => a.username === 'office')).toMatchObject({
        isHuman: true,
        source: 'local',
        passwordLastSetAt: '2026-06-02T08:15:40.000Z',
      });
      expect(f.encryption.volumes).toEqual([expect.objectContaining({ mount: 'C:', encrypted: false })]);
    },
    findings: {
      antivirus: ['pass', /^ESET Endpoint Antivirus is switched on/],
      antispyware: ['pass', /ESET/],
      'os-updates': ['grace', /1 security update is waiting .*KB5068781/],
      'password-age': ['fail', /'office' was last changed 170 days ago \(the limit is 90\)/],
      'social-apps': ['pass'],
      'disk-encryption': ['fail', /C:.*not encrypted/],
      'screen-lock': ['pass'],
      'agent-checkin': ['unknown'],
    },
  },
  'macos-14': {
    facts(f) {
      expect(f.os).toMatchObject({
        status: 'ok',
        platform: 'darwin',
        distro: 'macOS',
        release: '14.8.2',
        build: '23J126',
        arch: 'arm64',
        serial: 'FVFHK2R9Q6L4',
      });
      expect(f.antivirus.products).toEqual([
        expect.objectContaining({
          name: 'XProtect',
          enabled: true,
          signaturesUpdatedAt: '2026-11-16T21:04:10.000Z',
          source: expect.stringContaining('CoreServices/XProtect.bundle'),
        }),
      ]);
      expect(f.updates.pending).toEqual([expect.objectContaining({ name: 'macOS Sonoma 14.8.3', security: true })]);
      expect(f.updates.lastInstalledAt).toBe('2026-09-24T20:15:31.000Z');
      expect(f.apps.apps.find((a) => a.id === 'ru.keepcoder.Telegram')).toMatchObject({ name: 'Telegram', source: 'macapp' });
      expect(f.encryption.volumes).toEqual([expect.objectContaining({ mount: '/', encrypted: false, method: 'FileVault' })]);
      expect(f.screenLock.users).toEqual([expect.objectContaining({ user: 'ruth', lockEnabled: true, idleSeconds: 300, lockDelaySeconds: 0 })]);
    },
    findings: {
      antivirus: ['pass', /XProtect .*2026-11-16/],
      antispyware: ['pass'],
      'os-updates': ['grace', /macOS Sonoma 14\.8\.3/],
      'password-age': ['pass', /'ruth'/],
      'social-apps': ['fail', /Telegram \(Mac app 'Telegram', matched ru\.keepcoder\.Telegram\)/],
      'disk-encryption': ['fail', /FileVault is off/],
      'screen-lock': ['pass', /after 5 minutes idle/],
      'agent-checkin': ['unknown'],
    },
  },
  'macos-15': {
    facts(f) {
      expect(f.os).toMatchObject({ status: 'ok', platform: 'darwin', release: '15.7.2', build: '24G325' });
      expect(f.antivirus.products).toEqual([
        expect.objectContaining({
          name: 'XProtect',
          enabled: true,
          signaturesUpdatedAt: '2026-11-18T02:30:41.000Z',
          source: 'xprotect:/var/protected/xprotect/XProtect.bundle/Contents/version.plist',
          raw: expect.objectContaining({ version: '5331' }),
        }),
      ]);
      expect(f.updates).toMatchObject({ status: 'ok', pendingCount: 0, lastInstalledAt: '2026-11-12T21:47:02.000Z' });
      expect(f.encryption.volumes).toEqual([expect.objectContaining({ mount: '/', encrypted: true, method: 'FileVault' })]);
      expect(f.apps.apps.map((a) => a.id).sort()).toEqual(['com.apple.iWork.Keynote', 'com.microsoft.Excel', 'org.mozilla.firefox']);
    },
    findings: {
      antivirus: ['pass', /XProtect .*2026-11-18/],
      antispyware: ['pass'],
      'os-updates': ['pass'],
      'password-age': ['pass', /'dan'/],
      'social-apps': ['pass'],
      'disk-encryption': ['pass', /FileVault/],
      'screen-lock': ['pass'],
      'agent-checkin': ['unknown'],
    },
  },
};
