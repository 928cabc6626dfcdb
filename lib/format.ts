// China Standard Time has had no daylight saving since 1991, so a fixed offset is exact for the
// platform's timestamps — and far cheaper than Intl's formatToParts on a list of hundreds.
const CHINA_OFFSET_MS = 8 * 3600 * 1000;

/** 2026-11-25 10:52:18, in China Standard Time whatever the server's zone. */
export function formatDateTime(value: Date): string {
  const iso = new Date(value.getTime() + CHINA_OFFSET_MS).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}`;
}

/** 12.3% (one decimal), or — when there is no rate. */
export function formatPercent(value: number | null): string {
  return value === null ? "—" : `${(value * 100).toFixed(1)}%`;
}
