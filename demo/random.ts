/**
 * Deterministic randomness for the demo data. Every object draws from a generator seeded by the
 * dataset seed and the object's own key, so an object looks the same whatever else is generated
 * (a pod keeps its uid when the scale or the scenario changes).
 */

/** 32-bit FNV-1a hash of a string. */
export function hashString(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index += 1) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

const HEX_BYTES: readonly string[] = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'));

export class Random {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** An unsigned 32-bit integer (mulberry32). */
  nextUint32(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let value = this.state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return (value ^ (value >>> 14)) >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    return this.nextUint32() / 4294967296;
  }

  /** An integer in [min, max], both included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('cannot pick from an empty list');
    return items[Math.floor(this.next() * items.length)] as T;
  }

  /** `length` lower-case hex digits. */
  hex(length: number): string {
    let text = '';
    // eight hex digits per draw, through a byte table: large datasets need millions of them
    while (text.length < length) {
      const value = this.nextUint32();
      text += `${HEX_BYTES[value >>> 24]}${HEX_BYTES[(value >>> 16) & 0xff]}${HEX_BYTES[(value >>> 8) & 0xff]}${HEX_BYTES[value & 0xff]}`;
    }
    return text.length === length ? text : text.slice(0, length);
  }

  /** `length` characters of the alphabet Kubernetes uses for generated name suffixes. */
  nameSuffix(length: number): string {
    const alphabet = 'bcdfghjklmnpqrstvwxz2456789';
    let text = '';
    for (let index = 0; index < length; index += 1) text += alphabet.charAt(Math.floor(this.next() * alphabet.length));
    return text;
  }

  /** A version-4 style UUID. */
  uuid(): string {
    const hex = this.hex(32);
    const variant = ((parseInt(hex.charAt(16), 16) & 0x3) | 0x8).toString(16);
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
  }
}

/** The generator for one object of the dataset. */
export function randomFor(seed: number, key: string): Random {
  return new Random(hashString(key) ^ Math.imul(seed >>> 0, 0x9e3779b1));
}
