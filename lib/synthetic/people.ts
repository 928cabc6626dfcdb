import { idNumberCheckDigit } from "@/lib/datasets/id-number";
import { compactDay, type Day } from "./days";
import { mix32, type Rng } from "./prng";
import { FEMALE_GIVEN, MALE_GIVEN, OTHER_REGION_CODES, DISTRICTS, SURNAMES } from "./vocab";

export type Gender = "男" | "女";

export interface Person {
  name: string;
  idNumber: string;
  gender: Gender;
  birthDay: Day;
}

// Distinct address codes only: two slots sharing a code would make two people share an ID number.
const REGION_CODES: readonly string[] = [...DISTRICTS.map((d) => d.code), ...OTHER_REGION_CODES];
const SEQ_SLOTS = 500; // sequence codes 000-999, half of them per gender

/** a·b mod m without leaving the 2^53 range of exact doubles (a < 2^32, b < m < 2^31). */
export function mulMod(a: number, b: number, m: number): number {
  const hi = Math.floor(a / 65536);
  const lo = a % 65536;
  return ((hi * ((b * 65536) % m)) % m + lo * b) % m;
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

/** A multiplier near size/φ that is coprime to size, so k → k·P + Q (mod size) is a bijection. */
export function scrambleMultiplier(size: number): number {
  let p = Math.floor(size * 0.6180339887) | 1;
  while (gcd(p, size) !== 1) p += 2;
  return p;
}

/**
 * Hands out people whose ID numbers are unique by construction: serial k maps through a bijection
 * of (birth day × address code × sequence slot), so no two serials — in any dataset — ever share an
 * ID number, and no background row can join another by accident. Births span 22–80 years before
 * asOf, so every birth date is real and in the past.
 */
export class PersonFactory {
  private serial = 0;
  private readonly firstBirthDay: Day;
  private readonly size: number;
  private readonly multiplier: number;
  private readonly offset: number;

  constructor(asOf: Day, seed: number) {
    this.firstBirthDay = asOf - Math.round(80 * 365.25);
    const lastBirthDay = asOf - Math.round(22 * 365.25);
    this.size = (lastBirthDay - this.firstBirthDay + 1) * REGION_CODES.length * SEQ_SLOTS;
    this.multiplier = scrambleMultiplier(this.size);
    this.offset = mix32(seed ^ 0x5eed) % this.size;
  }

  /** A new person; `rng` (the caller's stream) decides gender and name. */
  next(rng: Rng, maleRatio = 0.5): Person {
    const male = rng.chance(maleRatio);
    return this.make(rng, male);
  }

  private make(rng: Rng, male: boolean): Person {
    const k = this.serial++;
    if (k >= this.size) throw new Error("身份证号空间已用尽：请减小 scale");
    const x = (mulMod(k, this.multiplier, this.size) + this.offset) % this.size;
    const slot = x % SEQ_SLOTS;
    const region = Math.floor(x / SEQ_SLOTS) % REGION_CODES.length;
    const birthDay = this.firstBirthDay + Math.floor(x / (SEQ_SLOTS * REGION_CODES.length));
    const seq = String(slot * 2 + (male ? 1 : 0)).padStart(3, "0");
    const first17 = REGION_CODES[region] + compactDay(birthDay) + seq;
    return { name: personName(rng, male), idNumber: first17 + idNumberCheckDigit(first17), gender: male ? "男" : "女", birthDay };
  }
}

/** Surname + one or two given-name characters (about 70% two, as in recent generations). */
export function personName(rng: Rng, male: boolean): string {
  const given = male ? MALE_GIVEN : FEMALE_GIVEN;
  const surname = rng.weighted(SURNAMES);
  const first = rng.pick(given);
  return rng.chance(0.7) ? surname + first + rng.pick(given) : surname + first;
}
