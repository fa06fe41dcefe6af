import { deflateSync, zipSync } from "fflate";

/**
 * A ZIP of `megabytes` entries named by `name`, each inflating to 1 MB of zeros from the same
 * 1 KB of DEFLATE: 350 entries make a 360 KB archive that inflates to 350 MB. Every header
 * claims an entry inflates to 1 KB, as a hostile archive would; CRCs are left at 0.
 */
export function zipBomb(megabytes: number, name: (i: number) => string): Uint8Array {
  const data = deflateSync(new Uint8Array(1024 * 1024), { level: 9 });
  const encoder = new TextEncoder();
  const locals: Uint8Array[] = [];
  const centrals: Uint8Array[] = [];
  let offset = 0;
  for (let i = 0; i < megabytes; i++) {
    const fileName = encoder.encode(name(i));
    const header = (size: number, signature: number) => {
      const bytes = new Uint8Array(size + fileName.length);
      const view = new DataView(bytes.buffer);
      view.setUint32(0, signature, true);
      return { bytes, view };
    };
    const local = header(30, 0x04034b50);
    local.view.setUint16(4, 20, true);
    local.view.setUint16(8, 8, true);
    local.view.setUint32(18, data.length, true);
    local.view.setUint32(22, 1024, true);
    local.view.setUint16(26, fileName.length, true);
    local.bytes.set(fileName, 30);
    const central = header(46, 0x02014b50);
    central.view.setUint16(4, 20, true);
    central.view.setUint16(6, 20, true);
    central.view.setUint16(10, 8, true);
    central.view.setUint32(20, data.length, true);
    central.view.setUint32(24, 1024, true);
    central.view.setUint16(28, fileName.length, true);
    central.view.setUint32(42, offset, true);
    central.bytes.set(fileName, 46);
    locals.push(local.bytes, data);
    centrals.push(central.bytes);
    offset += local.bytes.length + data.length;
  }
  const centralSize = centrals.reduce((sum, part) => sum + part.length, 0);
  const end = new Uint8Array(22);
  const view = new DataView(end.buffer);
  view.setUint32(0, 0x06054b50, true);
  view.setUint16(8, megabytes, true);
  view.setUint16(10, megabytes, true);
  view.setUint32(12, centralSize, true);
  view.setUint32(16, offset, true);
  const parts = [...locals, ...centrals, end];
  const bytes = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let at = 0;
  for (const part of parts) {
    bytes.set(part, at);
    at += part.length;
  }
  return bytes;
}

/** A ZIP of `count` tiny entries. */
export function zipOfMany(count: number, name: (i: number) => string): Uint8Array {
  return zipSync(Object.fromEntries(Array.from({ length: count }, (_, i) => [name(i), new Uint8Array([i % 256])])));
}
