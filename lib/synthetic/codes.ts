import type { Day } from "./days";
import { yearOf } from "./days";
import { mulMod, scrambleMultiplier } from "./people";
import { mix32, type Rng } from "./prng";

/**
 * Identifiers other than ID numbers: case numbers, plates, VINs and serial numbers. Each is unique
 * by construction (a counter, or a counter through a bijection) so dedup keys never collide.
 */

/** 案号 such as （2025）江0102刑初1234号: a counter per year, court and case type. */
export class CaseNumbers {
  private readonly counters = new Map<string, number>();

  constructor(private readonly rng: Rng) {}

  next(day: Day, courtCode: string, kind: string): string {
    const year = yearOf(day);
    const key = `${year}${courtCode}${kind}`;
    // Small random steps: real registers have gaps (cases of other divisions, withdrawn numbers).
    const n = (this.counters.get(key) ?? 0) + this.rng.int(1, 3);
    this.counters.set(key, n);
    return `（${year}）${courtCode}${kind}${n}号`;
  }
}

/** A plain counter rendered as prefix + zero-padded number. */
export class SerialNumbers {
  private n = 0;

  constructor(private readonly width: number) {}

  next(prefix: string): string {
    this.n++;
    return prefix + String(this.n).padStart(this.width, "0");
  }
}

// Plate tails: two characters from 34 symbols (digits + letters without I and O) and 3 digits.
const PLATE_SYMBOLS = "0123456789ABCDEFGHJKLMNPQRSTUVWXYZ";
const PLATE_SPACE = 34 * 34 * 1000;
const PLATE_LETTERS: readonly (readonly [string, number])[] = [["A", 70], ["B", 6], ["C", 6], ["D", 5], ["E", 5], ["F", 4], ["G", 4]];

/** 号牌号码 in the single format 江A·3K712; the tail is unique per vehicle serial. */
export class Plates {
  private serial = 0;
  private readonly multiplier = scrambleMultiplier(PLATE_SPACE);
  private readonly offset: number;

  constructor(seed: number) {
    this.offset = mix32(seed ^ 0x91a7e) % PLATE_SPACE;
  }

  next(rng: Rng): string {
    const k = this.serial++;
    if (k >= PLATE_SPACE) throw new Error("号牌空间已用尽：请减小 scale");
    const x = (mulMod(k, this.multiplier, PLATE_SPACE) + this.offset) % PLATE_SPACE;
    const a = PLATE_SYMBOLS[Math.floor(x / 34000)];
    const b = PLATE_SYMBOLS[Math.floor(x / 1000) % 34];
    return `江${rng.weighted(PLATE_LETTERS)}·${a}${b}${String(x % 1000).padStart(3, "0")}`;
  }
}

const VIN_WMI = ["LSV", "LFV", "LGB", "LVS", "LHG", "LBV", "LDC", "LGW", "LZW", "LNB"] as const;
const VIN_CHARS = "0123456789ABCDEFGHJKLMNPRSTUVWXYZ";
const VIN_VALUES: Record<string, number> = {
  A: 1, B: 2, C: 3, D: 4, E: 5, F: 6, G: 7, H: 8, J: 1, K: 2, L: 3, M: 4, N: 5, P: 7, R: 9,
  S: 2, T: 3, U: 4, V: 5, W: 6, X: 7, Y: 8, Z: 9,
};
const VIN_WEIGHTS = [8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2] as const;
const VIN_YEARS = "HJKLMNPRS"; // model years 2017-2025

/** The GB 16735 / ISO 3779 check character (position 9) of a 17-character VIN. */
export function vinCheckChar(vin: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const c = vin[i];
    sum += (c >= "0" && c <= "9" ? Number(c) : VIN_VALUES[c]) * VIN_WEIGHTS[i];
  }
  const r = sum % 11;
  return r === 10 ? "X" : String(r);
}

export function randomVin(rng: Rng): string {
  let vds = "";
  for (let i = 0; i < 5; i++) vds += VIN_CHARS[rng.int(0, VIN_CHARS.length - 1)];
  const tail = VIN_YEARS[rng.int(0, VIN_YEARS.length - 1)] + VIN_CHARS[rng.int(10, VIN_CHARS.length - 1)] + String(rng.int(0, 999_999)).padStart(6, "0");
  const draft = rng.pick(VIN_WMI) + vds + "0" + tail;
  return draft.slice(0, 8) + vinCheckChar(draft) + draft.slice(9);
}

/** A mobile number, or (30%) a 临江 landline. */
export function randomPhone(rng: Rng): string {
  if (rng.chance(0.3)) return `0791-8${String(rng.int(0, 9_999_999)).padStart(7, "0")}`;
  const prefix = rng.pick(["130", "133", "135", "136", "137", "138", "139", "150", "151", "158", "177", "180", "186", "189", "199"]);
  return prefix + String(rng.int(0, 99_999_999)).padStart(8, "0");
}
