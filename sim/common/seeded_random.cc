// SeededRandom: xoshiro256** seeded through SplitMix64; labels hashed with FNV-1a.
#include "common/seeded_random.h"

#include <cstring>

namespace m365sim {
namespace {

uint64_t SplitMix64(uint64_t& x) {
  uint64_t z = (x += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

uint64_t Rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

}  // namespace

uint64_t StableHash(std::string_view text, uint64_t salt) {
  uint64_t h = 0xcbf29ce484222325ULL ^ salt;
  for (unsigned char c : text) {
    h ^= c;
    h *= 0x100000001b3ULL;
  }
  return SplitMix64(h);
}

SeededRandom::SeededRandom(uint64_t seed) : seed_(seed) {
  uint64_t x = seed;
  for (uint64_t& s : s_) s = SplitMix64(x);
}

SeededRandom SeededRandom::Derive(std::string_view label) const {
  return SeededRandom(StableHash(label, seed_));
}

uint64_t SeededRandom::Next() {
  uint64_t result = Rotl(s_[1] * 5, 7) * 9;
  uint64_t t = s_[1] << 17;
  s_[2] ^= s_[0];
  s_[3] ^= s_[1];
  s_[1] ^= s_[2];
  s_[0] ^= s_[3];
  s_[2] ^= t;
  s_[3] = Rotl(s_[3], 45);
  return result;
}

uint64_t SeededRandom::Below(uint64_t bound) {
  // Rejection sampling keeps the distribution uniform for any bound.
  uint64_t limit = UINT64_MAX - UINT64_MAX % bound;
  uint64_t v;
  do {
    v = Next();
  } while (v >= limit);
  return v % bound;
}

int64_t SeededRandom::Between(int64_t lo, int64_t hi) {
  return lo + static_cast<int64_t>(Below(static_cast<uint64_t>(hi - lo) + 1));
}

double SeededRandom::Unit() { return static_cast<double>(Next() >> 11) * 0x1.0p-53; }

bool SeededRandom::Chance(double p) { return Unit() < p; }

void SeededRandom::Fill(char* out, size_t n) {
  while (n >= 8) {
    uint64_t v = Next();
    std::memcpy(out, &v, 8);
    out += 8;
    n -= 8;
  }
  if (n > 0) {
    uint64_t v = Next();
    std::memcpy(out, &v, n);
  }
}

std::string SeededRandom::Bytes(size_t n) {
  std::string out(n, '\0');
  Fill(out.data(), n);
  return out;
}

}  // namespace m365sim
