// Vault: secrets at rest, sealed with the installation's master key (libsodium).
//
// Every credential Ark365 keeps (application secrets, app passwords, refresh
// tokens, certificate private keys, repository passwords) is stored as a
// sealed box: XChaCha20-Poly1305 with a random nonce, and the secret's id and
// purpose as associated data, so a box copied onto another row does not open.
// The master key is 32 random bytes in <home>/master.key (mode 0600, created
// on first use), or is derived with Argon2id from ARK365_MASTER_PASSPHRASE
// (salt and cost stored in the database). A check value in the database
// tells a wrong key or passphrase apart from damaged data. Formats:
// docs/configuration-database.md.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/secret.h"
#include "core/status.h"
#include "org/store.h"

namespace ark::org {

// Argon2id cost, stored with the salt so that it can be raised later.
struct KdfCost {
  uint64_t opslimit = 3;
  uint64_t memlimit_bytes = uint64_t{64} << 20;  // RFC 9106's second recommended option: t=3, m=64 MiB
};

class Vault {
 public:
  // Loads the master key of `store`, creating it on first use: from
  // `passphrase` when given, else from `key_file`. Once a database is
  // protected one way it stays so: a passphrase database needs the
  // passphrase, a key-file database needs its key file.
  static Result<Vault> Open(ConfigStore& store, const std::string& key_file,
                            const std::optional<Secret>& passphrase, KdfCost cost = {});

  // Seals `value` under a new id, stores it and returns the id.
  Result<std::string> Put(std::string_view purpose, const Secret& value);
  // Loads and opens a stored secret.
  Result<Secret> Get(std::string_view id);

 private:
  Vault(ConfigStore& store, Secret key) : store_(&store), key_(std::move(key)) {}
  ConfigStore* store_;
  Secret key_;  // 32 bytes
};

// The box format, exposed for tests and tools: version byte 1, 24-byte
// nonce, ciphertext with its 16-byte tag.
std::string SealBox(const Secret& key, std::string_view id, std::string_view purpose, const Secret& value);
Result<Secret> OpenBox(const Secret& key, std::string_view id, std::string_view purpose,
                       std::string_view box);

}  // namespace ark::org
