/**
 * install.sh, served at GET /downloads/agent/install.sh for the macOS and Linux install line:
 *
 *   curl -fsSL CONSOLE/downloads/agent/install.sh | sudo sh -s -- SFE1.… --sha256 linux-x64=HEX …
 *
 * It picks the program for this machine, downloads it from the console into a root-only temporary
 * folder, refuses it unless its SHA-256 is the one written into the line (copied from the console's
 * Enrol devices page), then runs `safefleet-agent install --enroll`, which copies the program to
 * /opt/safefleet-agent (macOS: /Library/Application Support/Safefleet/bin) and registers the service.
 * With a certificate pin (--pin, from an HTTPS console) curl accepts only that console's key.
 * POSIX sh: dash on Debian/Ubuntu, bash-as-sh on macOS.
 */

/** Single-quote for sh. */
const shq = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

export function installScript(consoleUrl: string): string {
  return `#!/bin/sh
# Safefleet agent installer, from the Safefleet console at ${consoleUrl}
# Usage, as root: sh install.sh SFE1.… --sha256 TARGET=SHA256 [--sha256 …] [--pin PIN] [--dry-run]
set -eu
CONSOLE_URL=${shq(consoleUrl)}
fail() { echo "Safefleet install: $*" >&2; exit 1; }

ENROL=''; SHAS=''; PIN=''; DRY=''
while [ $# -gt 0 ]; do
  case "$1" in
    --sha256) [ $# -ge 2 ] || fail '--sha256 needs TARGET=SHA256'; SHAS="$SHAS $2"; shift 2 ;;
    --pin) [ $# -ge 2 ] || fail '--pin needs a value'; PIN="$2"; shift 2 ;;
    --dry-run) DRY='--dry-run'; shift ;;
    SFE1.*) ENROL="$1"; shift ;;
    *) fail "unexpected argument: $1 (copy the whole line from the console's Enrol devices page)" ;;
  esac
done
[ -n "$ENROL" ] || fail "the enrolment string (SFE1.…) is missing: copy the whole line from the console's Enrol devices page"
[ "$(id -u)" = 0 ] || fail 'run it as an administrator: the line starts with curl and pipes into "sudo sh"'

case "$(uname -s)-$(uname -m)" in
  Linux-x86_64 | Linux-amd64) TARGET=linux-x64 ;;
  Linux-aarch64 | Linux-arm64) TARGET=linux-arm64 ;;
  Darwin-*) TARGET=darwin-x64 ;; # Apple Silicon runs it under Rosetta 2
  *) fail "there is no Safefleet agent for $(uname -s) $(uname -m)" ;;
esac
EXPECTED=''
for pair in $SHAS; do
  case "$pair" in "$TARGET="*) EXPECTED="\${pair#*=}" ;; esac
done
[ -n "$EXPECTED" ] || fail "the line has no SHA-256 for $TARGET: copy the line for this operating system"
case "$EXPECTED" in *[!0-9a-f]*) fail "the SHA-256 for $TARGET is not written as 64 hex digits" ;; esac
[ "\${#EXPECTED}" -eq 64 ] || fail "the SHA-256 for $TARGET is not written as 64 hex digits"

FILE="safefleet-agent-$TARGET"
TMP=$(mktemp -d "\${TMPDIR:-/tmp}/safefleet-install.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
trap 'exit 1' INT TERM HUP
echo "Downloading $FILE from $CONSOLE_URL"
if [ -n "$PIN" ]; then
  # The console's own certificate: -k skips the CA check, --pinnedpubkey still insists on this key.
  curl -fsS -k --pinnedpubkey "sha256//$PIN" -o "$TMP/$FILE" "$CONSOLE_URL/downloads/agent/$FILE" || fail "could not download $FILE from $CONSOLE_URL"
else
  curl -fsS -o "$TMP/$FILE" "$CONSOLE_URL/downloads/agent/$FILE" || fail "could not download $FILE from $CONSOLE_URL"
fi
if command -v sha256sum > /dev/null 2>&1; then
  GOT=$(sha256sum "$TMP/$FILE" | cut -d ' ' -f 1)
else
  GOT=$(shasum -a 256 "$TMP/$FILE" | cut -d ' ' -f 1)
fi
[ "$GOT" = "$EXPECTED" ] || fail "the downloaded program's SHA-256 is $GOT but the line says $EXPECTED: not installing it"
echo "SHA-256 checked: $GOT"
chmod 0755 "$TMP/$FILE"
"$TMP/$FILE" install --enroll "$ENROL" $DRY
`;
}
