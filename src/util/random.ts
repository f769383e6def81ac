/**
 * mulberry32: a small, fast 32-bit PRNG (Tommy Ettinger), returning floats in [0, 1).
 * Every random choice in the pipeline comes from one of these, seeded by the `seed` option.
 * @example const rand = mulberry32(42); rand() // => 0.6011037519201636
 */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
