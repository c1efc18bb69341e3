// The repository's cryptography: blob ids (HMAC-SHA-256), sealing (XAES-256-GCM), password keys (Argon2id).
//
// docs/repository-format.md §3 specifies every construction here. Crypto is
// immutable after construction and safe to use from many threads at once.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "core/secret.h"
#include "core/status.h"
#include "repo/ids.h"

namespace ark::repo {

// The three 32-byte master keys of a repository (§3.1), held as Secrets.
struct MasterKeys {
  Secret encryption;
  Secret id;
  Secret chunker;

  static MasterKeys Generate();
};

// Bytes a seal adds to its plaintext: the 24-byte nonce and the 16-byte tag.
inline constexpr size_t kSealOverhead = 40;

class Crypto {
 public:
  explicit Crypto(const MasterKeys& keys);
  ~Crypto();
  Crypto(const Crypto&) = delete;
  Crypto& operator=(const Crypto&) = delete;

  // HMAC-SHA-256 with the id key (§3.2).
  BlobId BlobIdOf(std::string_view plaintext) const;
  // Appends sealed(encryption, ad, plaintext) (§3.3) to `out`.
  void SealTo(std::string_view ad, std::string_view plaintext, std::string& out) const;
  std::string Seal(std::string_view ad, std::string_view plaintext) const;
  // Opens a sealed string; kDataLoss when it was altered, truncated or sealed with another AD or key.
  Result<std::string> Open(std::string_view ad, std::string_view sealed) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// XAES-256-GCM with an explicit key and nonce; for key files and test vectors.
// REQUIRES: key.size() == 32, nonce.size() == 24.
std::string XaesSeal(std::string_view key, std::string_view nonce, std::string_view ad,
                     std::string_view plaintext);
Result<std::string> XaesOpen(std::string_view key, std::string_view ad, std::string_view sealed);

// Argon2id parameters of a key file (§3.4).
struct KdfParams {
  uint64_t ops = 3;
  uint64_t memory = 64ull << 20;  // bytes
};

// The 32-byte key-encryption key of a password. kResourceExhausted when the
// memory cannot be had, kInvalidArgument for parameters outside libsodium's range.
Result<Secret> DeriveKeyEncryptionKey(const Secret& password, std::string_view salt, const KdfParams& params);

// HMAC-SHA-256 of `data` under `key`; the gear table is built from it (§4).
std::string HmacSha256(std::string_view key, std::string_view data);

}  // namespace ark::repo
