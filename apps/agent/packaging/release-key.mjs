// The Ed25519 release key that signs every program. Generated on the first `npm run dist:agent`
// into a folder outside the repository (default: the console's data folder, data/release-key/),
// or given with --key-dir / SAFEFLEET_RELEASE_KEY_DIR. The public half (SPKI DER, base64) is the
// enrolment string's updateKey: agents install only updates signed by it.
import { createPrivateKey, createPublicKey, generateKeyPairSync, sign } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const PRIVATE_FILE = 'release-key.pem';
export const PUBLIC_FILE = 'release-key.pub';

/** Load the key in dir, creating it (0600, folder 0700) when there is none. */
export function loadOrCreateReleaseKey(dir, log = () => {}) {
  const priv = join(dir, PRIVATE_FILE);
  if (!existsSync(priv)) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    chmodSync(dir, 0o700);
    const { privateKey } = generateKeyPairSync('ed25519');
    writeFileSync(priv, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600, flag: 'wx' });
    log(`created a new release key in ${dir} (keep ${PRIVATE_FILE} secret and backed up)`);
  }
  const privateKey = createPrivateKey(readFileSync(priv));
  if (privateKey.asymmetricKeyType !== 'ed25519') throw new Error(`${priv} is not an Ed25519 key`);
  const publicKey = createPublicKey(privateKey).export({ type: 'spki', format: 'der' }).toString('base64');
  const pubFile = join(dir, PUBLIC_FILE);
  if (!existsSync(pubFile) || readFileSync(pubFile, 'utf8').trim() !== publicKey) writeFileSync(pubFile, `${publicKey}\n`, { mode: 0o644 });
  return { privateKey, publicKey, dir };
}

export function signStatement(privateKey, statement) {
  return sign(null, Buffer.from(statement, 'utf8'), privateKey).toString('base64');
}
