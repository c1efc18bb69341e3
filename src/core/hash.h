// Message digests (OpenSSL EVP): whole-buffer helpers and an incremental hasher.
#pragma once

#include <memory>
#include <string>
#include <string_view>

namespace ark {

enum class DigestAlgorithm { kSha1, kSha256 };

// Raw digest bytes (20 or 32).
std::string Digest(DigestAlgorithm algorithm, std::string_view data);
inline std::string Sha256(std::string_view data) { return Digest(DigestAlgorithm::kSha256, data); }
inline std::string Sha1(std::string_view data) { return Digest(DigestAlgorithm::kSha1, data); }
// Lower-case hex SHA-256, the form used in ground-truth listings and logs.
std::string Sha256Hex(std::string_view data);

// Feeds data in pieces, for streams that never sit whole in memory.
class Hasher {
 public:
  explicit Hasher(DigestAlgorithm algorithm);
  ~Hasher();
  Hasher(const Hasher&) = delete;
  Hasher& operator=(const Hasher&) = delete;

  void Update(std::string_view data);
  // Raw digest; the hasher must not be used afterwards.
  std::string Finish();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace ark
