/** Pieces shared by the Linux recipes: real-format system files of a freshly installed desktop. */

export const SHELLS =
  '# /etc/shells: valid login shells\n/bin/sh\n/usr/bin/sh\n/bin/bash\n/usr/bin/bash\n/bin/rbash\n/usr/bin/rbash\n/usr/bin/dash\n';

export const LOGIN_DEFS = [
  '#',
  '# /etc/login.defs - Configuration control definitions for the login package.',
  '#',
  'MAIL_DIR        /var/mail',
  'PASS_MAX_DAYS   99999',
  'PASS_MIN_DAYS   0',
  'PASS_WARN_AGE   7',
  '#',
  '# Min/max values for automatic uid selection in useradd',
  '#',
  'UID_MIN                  1000',
  'UID_MAX                 60000',
  'SYS_UID_MIN              100',
  'SYS_UID_MAX              999',
  'ENCRYPT_METHOD YESCRYPT',
  '',
].join('\n');

/** passwd lines for system accounts every desktop has, then the people given. */
export function passwd(people: string[], system: string[]): string {
  return [
    'root:x:0:0:root:/root:/bin/bash',
    'daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin',
    'bin:x:2:2:bin:/bin:/usr/sbin/nologin',
    'sys:x:3:3:sys:/dev:/usr/sbin/nologin',
    'sync:x:4:65534:sync:/bin:/bin/sync',
    ...system,
    'nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin',
    ...people,
    '',
  ].join('\n');
}

export const desktopFile = (name: string, exec: string, extra = '') =>
  `[Desktop Entry]\nVersion=1.0\nType=Application\nName=${name}\nExec=${exec}\nTerminal=false\n${extra}`;

export const gsettings = (uid: number, answers: { lockEnabled: string; lockDelay: string; idleDelay: string }) => {
  const as = (stdout: string) => (opts: { uid?: number }) => (opts.uid === uid ? { stdout } : { stderr: 'dbus: not the session owner', exitCode: 1 });
  return {
    'gsettings get org.gnome.desktop.screensaver lock-enabled': as(`${answers.lockEnabled}\n`),
    'gsettings get org.gnome.desktop.screensaver lock-delay': as(`${answers.lockDelay}\n`),
    'gsettings get org.gnome.desktop.session idle-delay': as(`${answers.idleDelay}\n`),
  };
};
