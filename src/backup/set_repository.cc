// Opening or creating a backup set's repository with its sealed password.
#include "backup/set_repository.h"

#include <filesystem>

#include "core/encoding.h"
#include "core/random.h"
#include "repo/local_backend.h"

namespace ark::backup {
namespace {

bool HoldsRepository(const std::string& location) {
  std::error_code ec;
  return std::filesystem::exists(std::filesystem::path(location) / "config", ec);
}

bool IsEmptyOrMissing(const std::string& location) {
  std::error_code ec;
  if (!std::filesystem::exists(location, ec)) return true;
  return std::filesystem::is_directory(location, ec) && std::filesystem::is_empty(location, ec);
}

}  // namespace

Result<Secret> SetRepositoryPassword(org::ConfigStore& store, org::Vault& vault, const org::BackupSet& set) {
  ARK_ASSIGN_OR_RETURN(std::optional<org::RepositoryEntry> entry, store.FindRepository(set.repository));
  if (!entry || !entry->password_secret_id) {
    return FailedPrecondition("no password is stored for the repository " + set.repository +
                              " of backup set " + set.name + "; store it with `ark365 set edit " + set.name +
                              " --repository-password-file FILE`");
  }
  return vault.Get(*entry->password_secret_id);
}

Result<SetRepository> OpenSetRepository(org::ConfigStore& store, org::Vault& vault,
                                        const org::BackupSet& set) {
  if (set.repository.empty()) {
    return FailedPrecondition("backup set " + set.name +
                              " has no repository; set one with `ark365 set edit " + set.name +
                              " --repository DIR`");
  }
  SetRepository out;
  if (HoldsRepository(set.repository)) {
    ARK_ASSIGN_OR_RETURN(Secret password, SetRepositoryPassword(store, vault, set));
    ARK_ASSIGN_OR_RETURN(std::unique_ptr<repo::LocalBackend> backend,
                         repo::LocalBackend::Open(set.repository));
    ARK_ASSIGN_OR_RETURN(out.repo, repo::Repository::Open(std::move(backend), password));
    return out;
  }
  if (!IsEmptyOrMissing(set.repository)) {
    return FailedPrecondition(set.repository +
                              " is not empty and holds no Ark365 repository; choose another "
                              "location with `ark365 set edit " +
                              set.name + " --repository DIR`");
  }
  // A password stored earlier (set create --repository-password-file) is used; otherwise one is generated.
  ARK_ASSIGN_OR_RETURN(std::optional<org::RepositoryEntry> entry, store.FindRepository(set.repository));
  Secret password;
  if (entry && entry->password_secret_id) {
    ARK_ASSIGN_OR_RETURN(password, vault.Get(*entry->password_secret_id));
  } else {
    password = Secret(Base64UrlEncode(RandomBytes(32)));
    ARK_ASSIGN_OR_RETURN(std::string id, vault.Put("repository-password", password));
    ARK_RETURN_IF_ERROR(store.PutRepository({set.repository, id}));
  }
  ARK_ASSIGN_OR_RETURN(std::unique_ptr<repo::LocalBackend> backend,
                       repo::LocalBackend::Create(set.repository));
  ARK_ASSIGN_OR_RETURN(out.repo, repo::Repository::Init(std::move(backend), password, repo::InitOptions{}));
  out.created = true;
  return out;
}

}  // namespace ark::backup
