// The repository of a backup set: opened with the password sealed in the vault, or created on first use
// with a generated password that is sealed there and referenced by the set's RepositoryEntry.
#pragma once

#include <memory>
#include <string>

#include "core/secret.h"
#include "core/status.h"
#include "org/model.h"
#include "org/store.h"
#include "org/vault.h"
#include "repo/repository.h"

namespace ark::backup {

struct SetRepository {
  std::unique_ptr<repo::Repository> repo;
  bool created = false;
};

// Opens `set.repository`. When no repository exists there yet, initialises one with 32 random bytes
// (base64url) as its password, sealed in `vault` ("repository-password") and recorded with
// ConfigStore::PutRepository. An existing repository without a stored password is refused with what to do.
Result<SetRepository> OpenSetRepository(org::ConfigStore& store, org::Vault& vault,
                                        const org::BackupSet& set);

// The stored password of the set's repository (for `ark365 backup password`).
Result<Secret> SetRepositoryPassword(org::ConfigStore& store, org::Vault& vault, const org::BackupSet& set);

}  // namespace ark::backup
