/**
 * mulberry32: a small, fast, seeded generator, good enough for demo data and benchmark mixes,
 * and the same on every machine (deterministic seeds, reproducible runs).
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

/** mulberry32 seeded by a string (FNV-1a of its characters): one stream per name. */
export function seededRandom(seed: string): () => number {
  return mulberry32([...seed].reduce((h, c) => Math.imul(h ^ c.charCodeAt(0), 16777619) >>> 0, 2166136261));
}
