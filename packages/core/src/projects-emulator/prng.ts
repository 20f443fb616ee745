/**
 * A small seeded PRNG (mulberry32): the emulator's only source of randomness, so seeds, tokens, keys
 * and probabilistic faults replay identically from the same seed.
 */
export interface Prng {
  state: number
}

export const makePrng = (seed: number): Prng => ({ state: seed >>> 0 })

/** A float in [0, 1). */
export const nextFloat = (prng: Prng): number => {
  prng.state = (prng.state + 0x6d2b79f5) >>> 0
  let t = prng.state
  t = Math.imul(t ^ (t >>> 15), t | 1)
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296
}

export const nextInt = (prng: Prng, maxExclusive: number): number =>
  Math.floor(nextFloat(prng) * maxExclusive)

export const pick = <A>(prng: Prng, items: ReadonlyArray<A>): A => {
  const item = items[nextInt(prng, items.length)]
  if (item === undefined) throw new Error("pick from an empty list")
  return item
}

export const hex = (prng: Prng, length: number): string => {
  let out = ""
  while (out.length < length) out += (nextInt(prng, 0x10000) | 0x10000).toString(16).slice(1)
  return out.slice(0, length)
}
