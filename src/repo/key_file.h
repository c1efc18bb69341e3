// Key files: the master keys wrapped by a password-derived key (format §3.4); add, remove, change.
#pragma once

#include <string>
#include <vector>

#include "core/secret.h"
#include "core/status.h"
#include "core/time.h"
#include "repo/backend.h"
#include "repo/crypto.h"
#include "repo/ids.h"

namespace ark::repo {

// What `repo key list` shows; the wrapped keys themselves stay in the file.
struct KeyInfo {
  Id id;
  std::string created;
  std::string hostname;
  std::string username;
  KdfParams kdf;
};

// Writes a new key file holding `keys` under `password`; returns its id.
Result<Id> AddKeyFile(Backend& backend, const MasterKeys& keys, const std::string& repository_id,
                      const Secret& password, const KdfParams& kdf);

// Tries every key file; returns the master keys and the id of the key that opened.
// kUnauthenticated when no key file opens with `password`.
Result<std::pair<MasterKeys, Id>> OpenKeyFiles(Backend& backend, const std::string& repository_id,
                                               const Secret& password);

Result<std::vector<KeyInfo>> ListKeyFiles(Backend& backend);

// Removes a key file; refuses to remove the last one.
Status RemoveKeyFile(Backend& backend, const Id& key);

}  // namespace ark::repo
