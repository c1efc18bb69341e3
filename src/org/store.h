// ConfigStore: where organizations, accounts, backup sets, certificates and sealed secrets are kept.
//
// A small interface so that the SQLite implementation (sqlite_store.h, the
// default, <home>/ark365.db) can later be joined by a PostgreSQL one for
// scale-out without touching its callers. Aggregates (an organization with
// its credential profiles, a backup set with its selection and rules) are
// saved and loaded whole. The schema is documented in
// docs/configuration-database.md.
//
// Secrets are stored only as sealed boxes (vault.h); a secret row that no
// longer has a reference is deleted when the transaction that dropped the
// reference commits, so a replaced credential does not linger on disk.
//
// Not thread-safe: one store per thread.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "org/model.h"

namespace ark::org {

class ConfigStore {
 public:
  virtual ~ConfigStore() = default;

  // Runs `body` atomically: every change it makes is kept if it returns OK,
  // none otherwise. Calls may nest (the inner one joins the outer).
  virtual Status Transaction(const std::function<Status()>& body) = 0;

  // Installation-wide settings (the master-key check, KDF parameters).
  virtual Result<std::optional<std::string>> GetSetting(std::string_view key) = 0;
  virtual Status PutSetting(std::string_view key, std::string_view value) = 0;

  // Sealed secrets. PutSecret inserts or replaces by id.
  virtual Status PutSecret(const SealedSecret& secret) = 0;
  virtual Result<SealedSecret> GetSecret(std::string_view id) = 0;

  // The certificate store. Certificates are keyed by SHA-1 thumbprint.
  virtual Status AddCertificate(const StoredCertificate& cert) = 0;  // kAlreadyExists if present
  virtual Result<StoredCertificate> GetCertificate(std::string_view sha1) = 0;
  virtual Result<std::vector<StoredCertificate>> ListCertificates() = 0;
  virtual Status DeleteCertificate(std::string_view sha1) = 0;
  // Names of the organizations whose credentials use a certificate.
  virtual Result<std::vector<std::string>> OrganizationsUsingCertificate(std::string_view sha1) = 0;

  // Organizations, with their credential profiles. Names are unique,
  // case-insensitively. Create sets `org.id`.
  virtual Status CreateOrganization(Organization& org) = 0;
  virtual Status UpdateOrganization(const Organization& org) = 0;
  virtual Result<Organization> GetOrganization(std::string_view name) = 0;
  virtual Result<std::vector<Organization>> ListOrganizations() = 0;
  // Removes the organization, its accounts and authorizations. Backup sets
  // must be removed first (kFailedPrecondition otherwise).
  virtual Status DeleteOrganization(std::string_view name) = 0;

  // Accounts of an organization, unique by UPN (case-insensitive). Put
  // inserts or updates by (org_id, upn) and sets `account.id`.
  virtual Status PutAccount(Account& account) = 0;
  virtual Result<std::optional<Account>> FindAccount(int64_t org_id, std::string_view upn) = 0;
  virtual Result<std::vector<Account>> ListAccounts(int64_t org_id) = 0;

  // Authorizations, one per (account, mode). Put inserts or replaces.
  virtual Status PutAuthorization(Authorization& authorization) = 0;
  virtual Result<std::optional<Authorization>> FindAuthorization(int64_t account_id, AuthMode mode) = 0;

  // Backup sets. Names are unique, case-insensitively. Create sets `set.id`.
  virtual Status CreateBackupSet(BackupSet& set) = 0;
  virtual Status UpdateBackupSet(const BackupSet& set) = 0;
  virtual Result<BackupSet> GetBackupSet(std::string_view name) = 0;
  // All sets, or those of one organization.
  virtual Result<std::vector<BackupSet>> ListBackupSets(std::optional<int64_t> org_id = std::nullopt) = 0;
  virtual Status DeleteBackupSet(std::string_view name) = 0;

  // Repositories used by backup sets, keyed by location.
  virtual Status PutRepository(const RepositoryEntry& repository) = 0;
  virtual Result<std::optional<RepositoryEntry>> FindRepository(std::string_view location) = 0;
};

// Opens <home>/ark365.db, creating it and migrating its schema to the
// current version. A database written by a newer Ark365 is refused.
Result<std::unique_ptr<ConfigStore>> OpenSqliteStore(const std::string& path);

}  // namespace ark::org
