"""An independent reimplementation of core/sampling.h, for the tests.

Written from the header's contract and the C++ standard's definition of
std::mt19937_64 ([rand.eng.mers] and [rand.predef]), not from our C++ code,
so a test can hold SampleRandom and SampleStratified to draws our code did
not produce. Run by Debian's /usr/bin/python3 (standard library only).

Reads one JSON request per line on standard input and writes one JSON answer
per line on standard output:

  {"kind": "engine", "seed": 5, "count": 3}        -> [first three outputs]
  {"kind": "random", "population": 10, "n": 3, "seed": 7}
                                                  -> [sorted positions]
  {"kind": "stratified", "strata": ["a", "b", "a"], "n": 2, "seed": 7}
                                                  -> [sorted positions]
  {"kind": "stratified_equal", "strata": [...], "n": 2, "seed": 7}
                                                  -> [sorted positions]

Before answering anything it checks its generator against the standard's
own figure (the 10000th output of a default-constructed mt19937_64), and
exits with status 1 saying so if that fails.
"""

import json
import sys

MASK64 = (1 << 64) - 1


class MersenneTwister64:
    """std::mt19937_64: mersenne_twister_engine with the parameters below."""

    W, N, M, R = 64, 312, 156, 31
    A = 0xB5026F5AA96619E9
    U, D = 29, 0x5555555555555555
    S, B = 17, 0x71D67FFFEDA60000
    T, C = 37, 0xFFF7EEE000000000
    L = 43
    F = 6364136223846793005
    DEFAULT_SEED = 5489

    LOWER_MASK = (1 << R) - 1          # the low r bits
    UPPER_MASK = MASK64 & ~LOWER_MASK  # the high w - r bits

    def __init__(self, seed=DEFAULT_SEED):
        # [rand.eng.mers]: X_0 = seed mod 2^w, and for i = 1 .. n-1
        # X_i = (f * (X_{i-1} xor (X_{i-1} >> (w-2))) + i) mod 2^w.
        self.state = [seed & MASK64]
        for i in range(1, self.N):
            prev = self.state[-1]
            self.state.append((self.F * (prev ^ (prev >> (self.W - 2))) + i) & MASK64)
        self.index = self.N  # every state word is used: the next call twists

    def _twist(self):
        # X_{i+n} = X_{i+m} xor (Y >> 1) xor (a if Y is odd else 0), where Y
        # joins the upper w - r bits of X_i to the lower r bits of X_{i+1}.
        x = self.state
        for i in range(self.N):
            y = (x[i] & self.UPPER_MASK) | (x[(i + 1) % self.N] & self.LOWER_MASK)
            x[i] = x[(i + self.M) % self.N] ^ (y >> 1) ^ (self.A if y & 1 else 0)
        self.index = 0

    def __call__(self):
        if self.index >= self.N:
            self._twist()
        z = self.state[self.index]
        self.index += 1
        # Tempering.
        z ^= (z >> self.U) & self.D
        z ^= (z << self.S) & self.B & MASK64
        z ^= (z << self.T) & self.C & MASK64
        z ^= z >> self.L
        return z & MASK64


def check_engine():
    """[rand.predef]: the 10000th invocation of a default-constructed
    mt19937_64 produces 9981545732273789042."""
    rng = MersenneTwister64()
    for _ in range(9999):
        rng()
    got = rng()
    if got != 9981545732273789042:
        sys.exit("sampling_reference.py: mt19937_64's 10000th output is %d, "
                 "the standard says 9981545732273789042" % got)


def draw_below(rng, bound):
    """A uniform draw in [0, bound): outputs at or above the largest multiple
    of bound that fits below 2^64 - 1 are rejected, then the remainder."""
    limit = MASK64 - MASK64 % bound
    x = rng()
    while x >= limit:
        x = rng()
    return x % bound


def draw_without_replacement(pool, n, rng):
    """The first n steps of a Fisher-Yates shuffle: step i swaps position i
    with one drawn from i .. len(pool)-1; the first n positions, in the order
    drawn."""
    pool = list(pool)
    for i in range(n):
        j = i + draw_below(rng, len(pool) - i)
        pool[i], pool[j] = pool[j], pool[i]
    return pool[:n]


def sample_random(population, n, seed):
    rng = MersenneTwister64(seed)
    return sorted(draw_without_replacement(range(population), n, rng))


def sample_stratified(strata, n, seed):
    """Each stratum gets n times its share, rounded down; what is left goes one
    each to the strata with the largest remainders (ties to the name that
    sorts first); strata are drawn in name order from one generator."""
    rng = MersenneTwister64(seed)
    total = len(strata)
    members = {}
    for position, name in enumerate(strata):
        members.setdefault(name, []).append(position)
    # Name order is byte order, as std::string compares.
    names = sorted(members, key=lambda name: name.encode("utf-8"))
    take = {name: n * len(members[name]) // total for name in names}
    remainder = {name: n * len(members[name]) % total for name in names}
    left = n - sum(take.values())
    # sorted() is stable: among equal remainders the earlier name comes first.
    for name in sorted(names, key=lambda name: -remainder[name])[:left]:
        take[name] += 1
    chosen = []
    for name in names:
        chosen += draw_without_replacement(members[name], take[name], rng)
    return sorted(chosen)


def sample_stratified_equal(strata, n, seed):
    """Equal allocation: n / k to each of the k strata; a stratum short of its
    share gives all it has and the rest is shared again among the others;
    when the share is 0, one each to the first strata by name that have
    members left. Drawn in name order from one generator."""
    rng = MersenneTwister64(seed)
    members = {}
    for position, name in enumerate(strata):
        members.setdefault(name, []).append(position)
    names = sorted(members, key=lambda name: name.encode("utf-8"))
    take = {name: 0 for name in names}
    left = n
    while left > 0:
        open_names = [name for name in names if take[name] < len(members[name])]
        share = left // len(open_names)
        if share == 0:
            for name in open_names[:left]:
                take[name] += 1
            left = 0
        else:
            for name in open_names:
                add = min(share, len(members[name]) - take[name])
                take[name] += add
                left -= add
    chosen = []
    for name in names:
        chosen += draw_without_replacement(members[name], take[name], rng)
    return sorted(chosen)


def answer(request):
    kind = request["kind"]
    if kind == "engine":
        rng = MersenneTwister64(request["seed"])
        return [rng() for _ in range(request["count"])]
    if kind == "random":
        return sample_random(request["population"], request["n"], request["seed"])
    if kind == "stratified":
        return sample_stratified(request["strata"], request["n"], request["seed"])
    if kind == "stratified_equal":
        return sample_stratified_equal(request["strata"], request["n"], request["seed"])
    raise ValueError("unknown request kind %r" % kind)


def main():
    check_engine()
    for line in sys.stdin:
        if line.strip():
            print(json.dumps(answer(json.loads(line))))


if __name__ == "__main__":
    main()
