import type { Prng } from './prng.ts';

/** Keys a script may put in an object to trip code that reads properties of what it receives. */
export const ODD_KEYS = ['toString', 'valueOf', 'constructor', '__proto__', 'hasOwnProperty', 'then', 'length'];

/** Every kind of value MessagePack can carry, hostile ones included: huge, NaN-ish, deep, long, odd keys. */
export function hostileValue(r: Prng, depth = 0): unknown {
  switch (r.int(depth > 3 ? 9 : 12)) {
    case 0:
      return r.pick([NaN, Infinity, -Infinity, -0, Number.MAX_VALUE, Number.MIN_VALUE, 2 ** 53 + 1, -(2 ** 63)]);
    case 1:
      return r.pick([0, 1, -1, 3.5, 1e308, 4294967296]);
    case 2:
      return r.pick([null, undefined, true, false]);
    case 3:
      return r.pick(['', '*', 'toString', '__proto__', '\u0000', '\ud800', '𠀀'.repeat(10), '<script>']);
    case 4:
      return 'x'.repeat(r.pick([255, 256, 65_536 / 4, 30_000]));
    case 5:
      return new Uint8Array(r.int(64));
    case 6:
      return BigInt(r.int(1000)) * 10n ** 20n;
    case 7:
      return Object.fromEntries(ODD_KEYS.filter(() => r.chance(0.4)).map((k) => [k, hostileValue(r, depth + 1)]));
    case 8:
      return r.pick([[], [1, 2, 3], Array.from({ length: 2000 }, (_, i) => i)]);
    case 9:
      return deep(r.pick([50, 500, 2000]));
    case 10:
      return [hostileValue(r, depth + 1), hostileValue(r, depth + 1)];
    default:
      return { x: hostileValue(r, depth + 1), z: hostileValue(r, depth + 1), service: hostileValue(r, depth + 1) };
  }
}

function deep(levels: number): unknown {
  let v: unknown = 1;
  for (let i = 0; i < levels; i++) v = { a: v };
  return v;
}

/** Frames no SDK sends: cut short, not MessagePack, unknown kinds, lengths that point past the end. */
export function garbageFrame(r: Prng): Uint8Array {
  switch (r.int(7)) {
    case 0:
      return new Uint8Array([13, 0xa3, 0x61, 0x62, 0x63, 0x92, 0x01]); // body cut short
    case 1:
      return new Uint8Array([21]); // a request with no id
    case 2:
      return new Uint8Array([13, 0xdb, 0xff, 0xff, 0xff, 0x7f]); // a type longer than the frame
    case 3:
      return new Uint8Array([r.pick([0, 1, 9, 11, 14, 19, 20, 22, 31]), r.int(256)]); // kinds no client sends
    case 4:
      return new Uint8Array([13, 0xa1, 0xff]); // a type that is not UTF-8
    case 5:
      return new Uint8Array([13, 0xa1, 0x61, 0xc1]); // a MessagePack byte that is never used
    default:
      return Uint8Array.from({ length: 1 + r.int(40) }, () => r.int(256));
  }
}
