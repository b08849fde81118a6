import { describe, expect, it } from 'vitest';
import { createFakeHost } from './fake-host.js';
import { commandLine } from './host.js';
import { isBinaryPlist, parsePlistDict, parsePlistXml, plutilXmlArgs, readPlistFile } from './plist.js';

const HEAD =
  '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">\n';
const wrap = (body: string) => `${HEAD}<plist version="1.0">\n${body}\n</plist>\n`;

describe('parsePlistXml', () => {
  it('reads every value type', () => {
    const v = parsePlistXml(
      wrap(`<dict>
	<key>s</key><string>a &amp; b &lt;c&gt; &#233;</string>
	<key>i</key><integer>-42</integer>
	<key>r</key><real>1540611064.6205959</real>
	<key>t</key><true/>
	<key>f</key><false/>
	<key>d</key><date>2024-03-27T18:12:33Z</date>
	<key>b</key><data>
	AAEC
	</data>
	<key>a</key><array><string>x</string><integer>1</integer></array>
	<key>e</key><string/>
	<key>ed</key><dict/>
	<!-- a comment -->
</dict>`),
    );
    expect(v).toEqual({
      s: 'a & b <c> é',
      i: -42,
      r: 1540611064.6205959,
      t: true,
      f: false,
      d: new Date('2024-03-27T18:12:33Z'),
      b: 'AAEC',
      a: ['x', 1],
      e: '',
      ed: {},
    });
  });

  it('a top-level array (InstallHistory.plist shape) and text before <plist> (dscl prints the attribute name first)', () => {
    expect(parsePlistXml(wrap('<array><dict><key>processName</key><string>softwareupdated</string></dict></array>'))).toEqual([
      { processName: 'softwareupdated' },
    ]);
    expect(parsePlistDict(`dsAttrTypeNative:accountPolicyData:\n ${wrap('<dict><key>k</key><integer>1</integer></dict>')}`)).toEqual({ k: 1 });
  });

  it.each([
    ['not a plist', 'FileVault is On.'],
    ['empty plist', wrap('')],
    ['unterminated dict', `${HEAD}<plist version="1.0"><dict><key>a</key><string>b</string>`],
    ['value without key', wrap('<dict><string>b</string></dict>')],
    ['bad number', wrap('<integer>twelve</integer>')],
    ['unknown element', wrap('<foo>1</foo>')],
  ])('%s → null', (_name, text) => {
    expect(parsePlistXml(text)).toBeNull();
  });

  it('parsePlistDict is null for a non-dict top level', () => {
    expect(parsePlistDict(wrap('<array/>'))).toBeNull();
  });
});

describe('readPlistFile', () => {
  it('parses XML directly and converts a binary plist with plutil', async () => {
    const host = createFakeHost({
      platform: 'darwin',
      files: {
        '/x/xml.plist': wrap('<dict><key>a</key><integer>1</integer></dict>'),
        '/x/bin.plist': Buffer.from('bplist00\u00d1\u0001\u0002', 'latin1'),
      },
      commands: { [commandLine('plutil', plutilXmlArgs('/x/bin.plist'))]: { stdout: wrap('<dict><key>b</key><true/></dict>') } },
    });
    expect(isBinaryPlist(Buffer.from('bplist00'))).toBe(true);
    expect(await readPlistFile(host, '/x/xml.plist')).toEqual({ a: 1 });
    expect(await readPlistFile(host, '/x/bin.plist')).toEqual({ b: true });
    expect(await readPlistFile(host, '/x/missing.plist')).toBeNull();
    expect(host.calls.map((c) => c.line)).toEqual(['plutil -convert xml1 -o - /x/bin.plist']);
  });
});
