/**
 * Rewrites every entry's modification time in a zip (local headers and central directory) to one
 * fixed DOS timestamp. exceljs's zip library stamps entries with the wall clock; without this the
 * .xlsx would differ between two runs with the same seed.
 */
const EOCD_SIG = 0x06054b50;
const CENTRAL_SIG = 0x02014b50;
const LOCAL_SIG = 0x04034b50;

function dosDateTime(date: Date): { time: number; date: number } {
  const time = (date.getUTCHours() << 11) | (date.getUTCMinutes() << 5) | Math.floor(date.getUTCSeconds() / 2);
  const day = ((date.getUTCFullYear() - 1980) << 9) | ((date.getUTCMonth() + 1) << 5) | date.getUTCDate();
  return { time, date: day };
}

function findEndOfCentralDirectory(buf: Buffer): number {
  for (let p = buf.length - 22; p >= Math.max(0, buf.length - 22 - 65_535); p--) {
    if (buf.readUInt32LE(p) === EOCD_SIG) return p;
  }
  throw new Error("不是有效的 zip 文件：找不到中央目录结尾");
}

export function normalizeZipTimes(buf: Buffer, when: Date): Buffer {
  const out = Buffer.from(buf);
  const { time, date } = dosDateTime(when);
  const eocd = findEndOfCentralDirectory(out);
  const entries = out.readUInt16LE(eocd + 10);
  let p = out.readUInt32LE(eocd + 16);
  for (let i = 0; i < entries; i++) {
    if (out.readUInt32LE(p) !== CENTRAL_SIG) throw new Error("zip 中央目录损坏");
    out.writeUInt16LE(time, p + 12);
    out.writeUInt16LE(date, p + 14);
    const local = out.readUInt32LE(p + 42);
    if (out.readUInt32LE(local) !== LOCAL_SIG) throw new Error("zip 本地文件头损坏");
    out.writeUInt16LE(time, local + 10);
    out.writeUInt16LE(date, local + 12);
    p += 46 + out.readUInt16LE(p + 28) + out.readUInt16LE(p + 30) + out.readUInt16LE(p + 32);
  }
  return out;
}
