export type TextEncoding = "utf8" | "gb18030";

/**
 * Chinese agencies export GBK as often as UTF-8. A BOM or a sample that decodes as strict UTF-8
 * means UTF-8; anything else is read as GB18030 (a superset of GBK and GB2312).
 */
export function detectEncoding(sample: Uint8Array): TextEncoding {
  if (sample.length >= 3 && sample[0] === 0xef && sample[1] === 0xbb && sample[2] === 0xbf) return "utf8";
  // A sample cut mid-character must not count as invalid: drop up to 3 trailing bytes of a partial sequence.
  let end = sample.length;
  for (let back = 1; back <= 3 && end - back >= 0; back++) {
    const b = sample[end - back];
    if ((b & 0xc0) === 0xc0) {
      end -= back;
      break;
    }
    if ((b & 0x80) === 0) break;
  }
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(sample.subarray(0, end));
    return "utf8";
  } catch {
    return "gb18030";
  }
}
