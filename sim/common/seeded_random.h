// Deterministic pseudo-random numbers for the tenant generator: same seed, same tenant.
//
// The emulator generates every user, message, file and site from one seed. To
// keep large tenants cheap, content is never generated in bulk: each entity
// derives its own stream from the tenant seed and a stable label
// (Derive("mail/" + user_id + "/" + message_index)), so any item can be
// regenerated on demand, alone, in any order, with the same bytes.
// Not for cryptography: the emulator's keys and secrets use ark::RandomBytes.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace m365sim {

class SeededRandom {
 public:
  explicit SeededRandom(uint64_t seed);

  // A new, independent stream for `label`, from this stream's seed (not its
  // current position): Derive("x") is the same however much was drawn before.
  SeededRandom Derive(std::string_view label) const;

  uint64_t Next();
  // Uniform in [0, bound); bound > 0.
  uint64_t Below(uint64_t bound);
  // Uniform in [lo, hi].
  int64_t Between(int64_t lo, int64_t hi);
  // True with probability p (0..1).
  bool Chance(double p);
  double Unit();  // [0, 1)
  // `n` bytes from this stream.
  std::string Bytes(size_t n);
  // Fills `out` with bytes from this stream.
  void Fill(char* out, size_t n);

  uint64_t seed() const { return seed_; }

  template <typename Container>
  const auto& Pick(const Container& c) {
    return c[Below(c.size())];
  }

 private:
  uint64_t seed_;
  uint64_t s_[4];
};

// 64-bit FNV-1a followed by a SplitMix64 finaliser: a stable hash of a label.
uint64_t StableHash(std::string_view text, uint64_t salt = 0);

}  // namespace m365sim
