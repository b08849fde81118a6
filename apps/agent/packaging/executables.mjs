// Just enough PE and Mach-O reading to (1) take the vendor's code signature off a runtime before
// the blob is injected (what `signtool remove /s` and `codesign --remove-signature` do; an
// injected program's old signature would be broken anyway) and (2) check a built program: a valid
// header for its target, and the SEA blob present (acceptance test in packaging/dist.test.ts).

const MH_MAGIC_64 = 0xfeedfacf;
const LC_SEGMENT_64 = 0x19;
const LC_CODE_SIGNATURE = 0x1d;
const CPU_TYPE_X86_64 = 0x01000007;
const PE_MACHINE_AMD64 = 0x8664;
const PE32_PLUS = 0x20b;
const SECURITY_DIRECTORY = 4;

const cstr = (buf, start, len) => {
  const s = buf.subarray(start, start + len);
  const nul = s.indexOf(0);
  return s.subarray(0, nul === -1 ? len : nul).toString('latin1');
};

/** PE32+ headers: machine, sections, and the certificate (Authenticode) table. Throws if not a PE32+ file. */
export function readPe(buf) {
  if (buf.readUInt16LE(0) !== 0x5a4d) throw new Error('not a PE file (no MZ header)');
  const pe = buf.readUInt32LE(0x3c);
  if (buf.readUInt32LE(pe) !== 0x00004550) throw new Error('not a PE file (no PE signature)');
  const machine = buf.readUInt16LE(pe + 4);
  const nsections = buf.readUInt16LE(pe + 6);
  const optSize = buf.readUInt16LE(pe + 20);
  const opt = pe + 24;
  const magic = buf.readUInt16LE(opt);
  if (magic !== PE32_PLUS) throw new Error(`not a 64-bit PE file (optional header magic 0x${magic.toString(16)})`);
  const dirs = opt + 112;
  const security = {
    entry: dirs + SECURITY_DIRECTORY * 8,
    offset: buf.readUInt32LE(dirs + SECURITY_DIRECTORY * 8),
    size: buf.readUInt32LE(dirs + SECURITY_DIRECTORY * 8 + 4),
  };
  const sections = [];
  for (let i = 0, at = opt + optSize; i < nsections; i++, at += 40) {
    sections.push({ name: cstr(buf, at, 8), rawSize: buf.readUInt32LE(at + 16), rawOffset: buf.readUInt32LE(at + 20) });
  }
  return { machine, amd64: machine === PE_MACHINE_AMD64, sections, security };
}

/** 64-bit Mach-O headers: CPU, segments with their sections, and the code signature command. */
export function readMachO(buf) {
  if (buf.readUInt32LE(0) !== MH_MAGIC_64) throw new Error('not a 64-bit Mach-O file');
  const cputype = buf.readUInt32LE(4);
  const ncmds = buf.readUInt32LE(16);
  const sizeofcmds = buf.readUInt32LE(20);
  const segments = [];
  let signature;
  for (let i = 0, at = 32; i < ncmds; i++) {
    const cmd = buf.readUInt32LE(at);
    const size = buf.readUInt32LE(at + 4);
    if (cmd === LC_SEGMENT_64) {
      const seg = {
        at,
        name: cstr(buf, at + 8, 16),
        vmsize: buf.readBigUInt64LE(at + 32),
        fileoff: Number(buf.readBigUInt64LE(at + 40)),
        filesize: Number(buf.readBigUInt64LE(at + 48)),
        sections: [],
      };
      const nsects = buf.readUInt32LE(at + 64);
      for (let s = 0, sat = at + 72; s < nsects; s++, sat += 80) {
        seg.sections.push({ name: cstr(buf, sat, 16), size: Number(buf.readBigUInt64LE(sat + 40)), offset: buf.readUInt32LE(sat + 48) });
      }
      segments.push(seg);
    } else if (cmd === LC_CODE_SIGNATURE) {
      signature = { at, cmdsize: size, dataoff: buf.readUInt32LE(at + 8), datasize: buf.readUInt32LE(at + 12) };
    }
    at += size;
  }
  return { cputype, x86_64: cputype === CPU_TYPE_X86_64, ncmds, sizeofcmds, segments, signature };
}

/** Remove the Authenticode certificate table of a PE file. Returns the new buffer. */
export function stripPeSignature(buf) {
  const { security } = readPe(buf);
  if (security.size === 0) return buf;
  const out = Buffer.from(buf);
  out.writeUInt32LE(0, security.entry);
  out.writeUInt32LE(0, security.entry + 4);
  // The table sits at the end of the file; drop it.
  return security.offset + security.size >= out.length ? out.subarray(0, security.offset) : out;
}

/** Remove LC_CODE_SIGNATURE and the signature data at the end of __LINKEDIT. Returns the new buffer. */
export function stripMachOSignature(buf) {
  const m = readMachO(buf);
  if (!m.signature) return buf;
  const { at, cmdsize, dataoff } = m.signature;
  const linkedit = m.segments.find((s) => s.name === '__LINKEDIT');
  if (!linkedit) throw new Error('Mach-O file has a signature but no __LINKEDIT segment');
  const out = Buffer.from(buf.subarray(0, dataoff));
  const end = 32 + m.sizeofcmds;
  // Close the gap left by the load command and zero the freed tail.
  out.copy(out, at, at + cmdsize, end);
  out.fill(0, end - cmdsize, end);
  out.writeUInt32LE(m.ncmds - 1, 16);
  out.writeUInt32LE(m.sizeofcmds - cmdsize, 20);
  const segAt = linkedit.at > at ? linkedit.at - cmdsize : linkedit.at;
  const filesize = dataoff - linkedit.fileoff;
  out.writeBigUInt64LE(BigInt(filesize), segAt + 48);
  out.writeBigUInt64LE(BigInt(Math.ceil(filesize / 0x1000) * 0x1000), segAt + 32);
  return out;
}

export function stripSignature(target, buf) {
  if (target.startsWith('win-')) return stripPeSignature(buf);
  if (target.startsWith('darwin-')) return stripMachOSignature(buf);
  return buf;
}

export const SEA_FUSE = 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2';

/**
 * Check a built program: the right executable format for its target, the SEA fuse flipped, and
 * the blob's bytes inside (for Mach-O: as the __NODE_SEA_BLOB section of the NODE_SEA segment).
 * Returns a list of facts found; throws with the first problem.
 */
export function inspectProgram(target, buf, blob) {
  const facts = [];
  if (buf.indexOf(`${SEA_FUSE}:1`) === -1) throw new Error('the SEA fuse is not set: no blob was injected');
  facts.push('SEA fuse set');
  if (target.startsWith('win-')) {
    const pe = readPe(buf);
    if (!pe.amd64) throw new Error(`PE machine is 0x${pe.machine.toString(16)}, not AMD64`);
    if (!pe.sections.some((s) => s.name === '.rsrc')) throw new Error('PE file has no .rsrc section for the blob');
    facts.push(`PE32+ AMD64, ${pe.sections.length} sections, Authenticode table ${pe.security.size === 0 ? 'absent' : 'present'}`);
    const rsrc = pe.sections.find((s) => s.name === '.rsrc');
    const at = buf.indexOf(blob, rsrc.rawOffset);
    if (at === -1 || at + blob.length > rsrc.rawOffset + rsrc.rawSize) throw new Error('the SEA blob is not inside .rsrc');
    facts.push(`blob (${blob.length} bytes) inside .rsrc`);
  } else if (target.startsWith('darwin-')) {
    const m = readMachO(buf);
    if (!m.x86_64) throw new Error(`Mach-O CPU type 0x${m.cputype.toString(16)}, not x86_64`);
    const seg = m.segments.find((s) => s.name === 'NODE_SEA');
    const sect = seg?.sections.find((s) => s.name === '__NODE_SEA_BLOB');
    if (!sect) throw new Error('Mach-O file has no NODE_SEA,__NODE_SEA_BLOB section');
    if (!buf.subarray(sect.offset, sect.offset + blob.length).equals(blob)) throw new Error('__NODE_SEA_BLOB does not hold the blob');
    facts.push(
      `Mach-O x86_64, ${m.ncmds} load commands, code signature ${m.signature ? 'present' : 'absent'}`,
      `blob (${blob.length} bytes) in NODE_SEA,__NODE_SEA_BLOB`,
    );
  } else {
    if (buf.readUInt32BE(0) !== 0x7f454c46) throw new Error('not an ELF file');
    const machine = buf.readUInt16LE(18);
    const want = target === 'linux-x64' ? 0x3e : 0xb7;
    if (machine !== want) throw new Error(`ELF machine 0x${machine.toString(16)}, expected 0x${want.toString(16)}`);
    if (buf.indexOf(blob) === -1) throw new Error('the SEA blob is not in the file');
    facts.push(`ELF ${target}`, `blob (${blob.length} bytes) present`);
  }
  return facts;
}
