#!/usr/bin/python3
"""Reference values for src/stats/rng.ts's Xoshiro128 (test/stats/xoshiro.test.ts), written to
xoshiro.json next to this script. Run: /usr/bin/python3 test/reference/stats/make-xoshiro-vectors.py

- xoshiro128** 1.0 and SplitMix64 implemented here from the published algorithms (Blackman &
  Vigna, ACM TOMS 47(4) 2021, reference C at prng.di.unimi.it; Steele, Lea & Flood, OOPSLA 2014)
  in Python integers, independently of the TypeScript: the first 1,000 32-bit outputs for three
  seeds, 100 for two further streams of seed 7 (SplitMix64 started at stream * 2**32 + seed), and
  53-bit uniforms;
- scipy.stats.norm.ppf at the percentiles 0.1 %, 1 %, 2 %, …, 99 %, 99.9 %, the quantiles the
  ziggurat's empirical quantiles are checked against."""
import json
import os

import scipy
from scipy.stats import norm

M32 = 0xFFFFFFFF
M64 = 0xFFFFFFFFFFFFFFFF


def splitmix64(state):
    state = (state + 0x9E3779B97F4A7C15) & M64
    z = state
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & M64
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & M64
    return state, z ^ (z >> 31)


def rotl(x, k):
    return ((x << k) | (x >> (32 - k))) & M32


class Xoshiro128StarStar:
    def __init__(self, seed, stream=0):
        state, a = splitmix64((stream << 32) + seed)
        state, b = splitmix64(state)
        # s[0..3] = low and high words of the two SplitMix64 outputs
        self.s = [a & M32, a >> 32, b & M32, b >> 32]

    def next(self):
        s = self.s
        result = (rotl((s[1] * 5) & M32, 7) * 9) & M32
        t = (s[1] << 9) & M32
        s[2] ^= s[0]
        s[3] ^= s[1]
        s[1] ^= s[2]
        s[0] ^= s[3]
        s[2] ^= t
        s[3] = rotl(s[3], 11)
        return result

    def uniform(self):
        a = self.next() >> 11
        return (a * 2**32 + self.next()) / 2**53


def main():
    words = {}
    for seed in (0, 7, 4294967295):
        g = Xoshiro128StarStar(seed)
        words[str(seed)] = [g.next() for _ in range(1000)]
    streams = {}
    for stream in (1, 4095):
        g = Xoshiro128StarStar(7, stream)
        streams[str(stream)] = [g.next() for _ in range(100)]
    g = Xoshiro128StarStar(20241125)
    uniforms = [g.uniform() for _ in range(100)]
    probs = [0.001] + [k / 100 for k in range(1, 100)] + [0.999]
    out = {
        'generator': 'xoshiro128** 1.0 seeded by two SplitMix64 outputs (low word first)',
        'scipy': scipy.__version__,
        'words': words,
        'seed7Streams': streams,
        'uniformSeed': 20241125,
        'uniforms': uniforms,
        'quantiles': {'p': probs, 'z': [float(norm.ppf(p)) for p in probs]},
    }
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'xoshiro.json')
    with open(path, 'w') as f:
        json.dump(out, f)
        f.write('\n')


if __name__ == '__main__':
    main()
