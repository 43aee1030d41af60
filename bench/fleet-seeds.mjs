// The random streams of a fleet simulation, one place for both ways of running it (the whole chains,
// bench/fleet-child.mjs, and the retry loop alone, bench/fleet-schedules.mjs): pod start times from
// the seed's own stream, the same for every library and schedule; jitter from a second stream.

/** When each of `chains` pods starts, in ms from the start of the fleet, within `windowMs`. */
export function startOffsets(seededRandom, { seed, chains, windowMs }) {
  const random = seededRandom(seed);
  return Array.from({ length: chains }, () => random() * windowMs);
}

/** The seed of the jitter stream (the libraries' Math.random). */
export function jitterSeed(seed) {
  return seed ^ 0x5bd1e995;
}
