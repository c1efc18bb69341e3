// The SQLite implementation of ConfigStore: <home>/ark365.db (docs/configuration-database.md).
#include <sys/stat.h>

#include <chrono>
#include <nlohmann/json.hpp>
#include <utility>

#include "org/sqlite.h"
#include "org/sqlite_schema.h"
#include "org/store.h"

namespace ark::org {
namespace {

std::string TimeText(SystemTime t) { return FormatRfc3339(t, /*millis=*/true); }
std::optional<std::string> TimeText(const std::optional<SystemTime>& t) {
  if (!t) return std::nullopt;
  return TimeText(*t);
}
SystemTime TimeFrom(const std::string& text) { return ParseRfc3339(text).value_or(SystemTime{}); }
std::optional<SystemTime> TimeFrom(const std::optional<std::string>& text) {
  if (!text) return std::nullopt;
  return ParseRfc3339(*text);
}

std::string ListJson(const std::vector<std::string>& list) { return nlohmann::json(list).dump(); }
std::vector<std::string> ListFrom(const std::string& text) {
  nlohmann::json j = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  std::vector<std::string> out;
  if (!j.is_array()) return out;
  for (const auto& item : j) {
    if (item.is_string()) out.push_back(item.get<std::string>());
  }
  return out;
}

std::string RolesJson(const std::vector<DirectoryRole>& roles) {
  nlohmann::json j = nlohmann::json::array();
  for (const DirectoryRole& r : roles) j.push_back({{"id", r.template_id}, {"name", r.display_name}});
  return j.dump();
}
std::vector<DirectoryRole> RolesFrom(const std::string& text) {
  nlohmann::json j = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  std::vector<DirectoryRole> out;
  if (!j.is_array()) return out;
  for (const auto& item : j) {
    if (item.is_object()) out.push_back({item.value("id", ""), item.value("name", "")});
  }
  return out;
}

ServiceSet ServicesFrom(const std::string& text) {
  Result<ServiceSet> s = ParseServiceList(text);
  return s.ok() ? *s : ServiceSet{};
}
WorkloadSet WorkloadsFrom(const std::string& text) {
  if (text.empty()) return {};
  Result<WorkloadSet> w = ParseWorkloadList(text);
  return w.ok() ? *w : WorkloadSet{};
}

// Calls `read` once per row of `q`, in order.
template <typename Read>
Status ForEachRow(Statement& q, Read&& read) {
  for (;;) {
    ARK_ASSIGN_OR_RETURN(bool row, q.Step());
    if (!row) return Status::Ok();
    read();
  }
}

class SqliteStore final : public ConfigStore {
 public:
  explicit SqliteStore(Database db) : db_(std::move(db)) {}

  Status Transaction(const std::function<Status()>& body) override {
    std::string savepoint = "sp" + std::to_string(depth_);
    ARK_RETURN_IF_ERROR(db_.Execute(depth_ == 0 ? std::string("BEGIN IMMEDIATE") : "SAVEPOINT " + savepoint));
    ++depth_;
    Status s = body();
    --depth_;
    if (s.ok()) {
      s = db_.Execute(depth_ == 0 ? std::string("COMMIT") : "RELEASE " + savepoint);
      if (s.ok()) return s;
    }
    if (depth_ == 0) {
      (void)db_.Execute("ROLLBACK");
    } else {
      (void)db_.Execute("ROLLBACK TO " + savepoint + "; RELEASE " + savepoint);
    }
    return s;
  }

  Result<std::optional<std::string>> GetSetting(std::string_view key) override {
    ARK_ASSIGN_OR_RETURN(Statement q, db_.Prepare("SELECT value FROM settings WHERE key = ?"));
    q.Bind(1, key);
    ARK_ASSIGN_OR_RETURN(bool row, q.Step());
    if (!row) return std::optional<std::string>();
    return std::optional<std::string>(q.Text(0));
  }

  Status PutSetting(std::string_view key, std::string_view value) override {
    ARK_ASSIGN_OR_RETURN(Statement q, db_.Prepare("INSERT INTO settings (key, value) VALUES (?, ?) "
                                                  "ON CONFLICT (key) DO UPDATE SET value = excluded.value"));
    return q.Bind(1, key).Bind(2, value).Run();
  }

  Status PutSecret(const SealedSecret& secret) override {
    ARK_ASSIGN_OR_RETURN(
        Statement q,
        db_.Prepare("INSERT INTO secrets (id, purpose, box, updated_at) VALUES (?, ?, ?, ?) "
                    "ON CONFLICT (id) DO UPDATE SET purpose = excluded.purpose, box = excluded.box, "
                    "updated_at = excluded.updated_at"));
    return q.Bind(1, secret.id)
        .Bind(2, secret.purpose)
        .BindBlob(3, secret.box)
        .Bind(4, TimeText(secret.updated_at))
        .Run();
  }

  Result<SealedSecret> GetSecret(std::string_view id) override {
    ARK_ASSIGN_OR_RETURN(Statement q,
                         db_.Prepare("SELECT id, purpose, box, updated_at FROM secrets WHERE id = ?"));
    q.Bind(1, id);
    ARK_ASSIGN_OR_RETURN(bool row, q.Step());
    if (!row) {
      return DataLoss("a stored credential (" + std::string(id) + ") is missing from " + db_.path() +
                      "; set the credential again");
    }
    return ReadSecret(q);
  }

  Status AddCertificate(const StoredCertificate& c) override {
    return Transaction([&]() -> Status {
      ARK_ASSIGN_OR_RETURN(bool exists, Exists("SELECT 1 FROM certificates WHERE sha1 = ?", c.sha1));
      if (exists) {
        return AlreadyExists("the certificate " + c.sha1 +
                             " is already installed; `ark365 cert list` shows it");
      }
      ARK_ASSIGN_OR_RETURN(
          Statement q,
          db_.Prepare(
              "INSERT INTO certificates (sha1, sha256, subject, issuer, serial, not_before, not_after, "
              "key_bits, certificate_pem, private_key_secret, imported_at) "
              "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
      return q.Bind(1, c.sha1)
          .Bind(2, c.sha256)
          .Bind(3, c.subject)
          .Bind(4, c.issuer)
          .Bind(5, c.serial)
          .Bind(6, TimeText(c.not_before))
          .Bind(7, TimeText(c.not_after))
          .Bind(8, int64_t{c.key_bits})
          .Bind(9, c.certificate_pem)
          .Bind(10, c.private_key_secret_id)
          .Bind(11, TimeText(c.imported_at))
          .Run();
    });
  }

  Result<StoredCertificate> GetCertificate(std::string_view sha1) override {
    ARK_ASSIGN_OR_RETURN(Statement q, db_.Prepare(std::string(kCertificateColumns) + " WHERE sha1 = ?"));
    q.Bind(1, sha1);
    ARK_ASSIGN_OR_RETURN(bool row, q.Step());
    if (!row) {
      return NotFound("no certificate with thumbprint " + std::string(sha1) +
                      " is installed; `ark365 cert list` shows the installed ones");
    }
    return ReadCertificate(q);
  }

  Result<std::vector<StoredCertificate>> ListCertificates() override {
    ARK_ASSIGN_OR_RETURN(Statement q,
                         db_.Prepare(std::string(kCertificateColumns) + " ORDER BY not_after, sha1"));
    std::vector<StoredCertificate> out;
    ARK_RETURN_IF_ERROR(ForEachRow(q, [&] { out.push_back(ReadCertificate(q)); }));
    return out;
  }

  Status DeleteCertificate(std::string_view sha1) override {
    return Transaction([&]() -> Status {
      ARK_ASSIGN_OR_RETURN(StoredCertificate cert, GetCertificate(sha1));
      ARK_ASSIGN_OR_RETURN(Statement q, db_.Prepare("DELETE FROM certificates WHERE sha1 = ?"));
      ARK_RETURN_IF_ERROR(q.Bind(1, sha1).Run());
      return DeleteSecretsIfUnreferenced({cert.private_key_secret_id});
    });
  }

  Result<std::vector<std::string>> OrganizationsUsingCertificate(std::string_view sha1) override {
    ARK_ASSIGN_OR_RETURN(Statement q, db_.Prepare("SELECT DISTINCT o.name FROM credential_profiles p "
                                                  "JOIN organizations o ON o.id = p.org_id "
                                                  "WHERE p.certificate_sha1 = ? ORDER BY o.name"));
    q.Bind(1, sha1);
    return Strings(q);
  }

  Status CreateOrganization(Organization& org) override {
    return Transaction([&]() -> Status {
      ARK_ASSIGN_OR_RETURN(bool exists, Exists("SELECT 1 FROM organizations WHERE name = ?", org.name));
      if (exists) {
        return AlreadyExists("an organization named '" + org.name +
                             "' already exists; choose another name or edit it with `ark365 org edit`");
      }
      ARK_ASSIGN_OR_RETURN(
          Statement q,
          db_.Prepare("INSERT INTO organizations (name, tenant, tenant_id, display_name, default_domain, "
                      "authority_host, graph_base, ca_file, services, same_credentials, sign_in_app_id, "
                      "redirect_uri, verified_at, missing_permissions, created_at, updated_at) "
                      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
      BindOrganization(q, org);
      q.Bind(15, TimeText(org.created_at)).Bind(16, TimeText(org.updated_at));
      ARK_RETURN_IF_ERROR(q.Run());
      org.id = db_.LastInsertId();
      return InsertProfiles(org);
    });
  }

  Status UpdateOrganization(const Organization& org) override {
    return Transaction([&]() -> Status {
      ARK_ASSIGN_OR_RETURN(
          std::vector<std::string> old_secrets,
          StringsOf("SELECT secret FROM credential_profiles WHERE org_id = ? AND secret IS NOT "
                    "NULL",
                    org.id));
      ARK_ASSIGN_OR_RETURN(
          Statement q,
          db_.Prepare("UPDATE organizations SET name = ?, tenant = ?, tenant_id = ?, display_name = ?, "
                      "default_domain = ?, authority_host = ?, graph_base = ?, ca_file = ?, services = ?, "
                      "same_credentials = ?, sign_in_app_id = ?, redirect_uri = ?, verified_at = ?, "
                      "missing_permissions = ?, updated_at = ? WHERE id = ?"));
      BindOrganization(q, org);
      q.Bind(15, TimeText(org.updated_at)).Bind(16, org.id);
      ARK_RETURN_IF_ERROR(q.Run());
      if (db_.Changes() == 0) return NotFound("the organization '" + org.name + "' no longer exists");
      ARK_ASSIGN_OR_RETURN(Statement del, db_.Prepare("DELETE FROM credential_profiles WHERE org_id = ?"));
      ARK_RETURN_IF_ERROR(del.Bind(1, org.id).Run());
      ARK_RETURN_IF_ERROR(InsertProfiles(org));
      return DeleteSecretsIfUnreferenced(old_secrets);
    });
  }

  Result<Organization> GetOrganization(std::string_view name) override {
    ARK_ASSIGN_OR_RETURN(Statement q, db_.Prepare(std::string(kOrganizationColumns) + " WHERE name = ?"));
    q.Bind(1, name);
    ARK_ASSIGN_OR_RETURN(bool row, q.Step());
    if (!row) {
      return NotFound("there is no organization named '" + std::string(name) +
                      "'; `ark365 org list` shows the organizations, `ark365 org add` adds one");
    }
    Organization org = ReadOrganization(q);
    ARK_RETURN_IF_ERROR(LoadProfiles(org));
    return org;
  }

  Result<std::vector<Organization>> ListOrganizations() override {
    ARK_ASSIGN_OR_RETURN(Statement q, db_.Prepare(std::string(kOrganizationColumns) + " ORDER BY name"));
    std::vector<Organization> out;
    ARK_RETURN_IF_ERROR(ForEachRow(q, [&] { out.push_back(ReadOrganization(q)); }));
    for (Organization& org : out) ARK_RETURN_IF_ERROR(LoadProfiles(org));
    return out;
  }

  Status DeleteOrganization(std::string_view name) override {
    return Transaction([&]() -> Status {
      ARK_ASSIGN_OR_RETURN(Organization org, GetOrganization(name));
      ARK_ASSIGN_OR_RETURN(std::vector<std::string> sets,
                           StringsOf("SELECT name FROM backup_sets WHERE org_id = ? ORDER BY name", org.id));
      if (!sets.empty()) {
        std::string names;
        for (const std::string& s : sets) names += (names.empty() ? "" : ", ") + s;
        return FailedPrecondition("the organization '" + org.name + "' is used by the backup sets " + names +
                                  "; remove them first");
      }
      ARK_ASSIGN_OR_RETURN(
          std::vector<std::string> secrets,
          StringsOf(
              "SELECT secret FROM credential_profiles WHERE org_id = ?1 AND secret IS NOT NULL "
              "UNION SELECT a.password_secret FROM accounts a WHERE a.org_id = ?1 AND a.password_secret "
              "IS NOT NULL UNION SELECT z.refresh_token_secret FROM authorizations z JOIN accounts a ON "
              "a.id = z.account_id WHERE a.org_id = ?1 AND z.refresh_token_secret IS NOT NULL",
              org.id));
      ARK_ASSIGN_OR_RETURN(Statement q, db_.Prepare("DELETE FROM organizations WHERE id = ?"));
      ARK_RETURN_IF_ERROR(q.Bind(1, org.id).Run());
      return DeleteSecretsIfUnreferenced(secrets);
    });
  }

  Status PutAccount(Account& a) override {
    return Transaction([&]() -> Status {
      ARK_ASSIGN_OR_RETURN(std::optional<Account> old, FindAccount(a.org_id, a.upn));
      if (old) {
        ARK_ASSIGN_OR_RETURN(
            Statement q, db_.Prepare("UPDATE accounts SET upn = ?, password_secret = ?, mfa_required = ?, "
                                     "roles = ?, checked_at = ? WHERE id = ?"));
        BindAccount(q, a);
        ARK_RETURN_IF_ERROR(q.Bind(6, old->id).Run());
        a.id = old->id;
        if (old->password_secret_id && old->password_secret_id != a.password_secret_id) {
          return DeleteSecretsIfUnreferenced({*old->password_secret_id});
        }
        return Status::Ok();
      }
      ARK_ASSIGN_OR_RETURN(Statement q,
                           db_.Prepare("INSERT INTO accounts (upn, password_secret, mfa_required, roles, "
                                       "checked_at, org_id) VALUES (?, ?, ?, ?, ?, ?)"));
      BindAccount(q, a);
      ARK_RETURN_IF_ERROR(q.Bind(6, a.org_id).Run());
      a.id = db_.LastInsertId();
      return Status::Ok();
    });
  }

  Result<std::optional<Account>> FindAccount(int64_t org_id, std::string_view upn) override {
    ARK_ASSIGN_OR_RETURN(Statement q,
                         db_.Prepare(std::string(kAccountColumns) + " WHERE org_id = ? AND upn = ?"));
    q.Bind(1, org_id).Bind(2, upn);
    ARK_ASSIGN_OR_RETURN(bool row, q.Step());
    if (!row) return std::optional<Account>();
    return std::optional<Account>(ReadAccount(q));
  }

  Result<std::vector<Account>> ListAccounts(int64_t org_id) override {
    ARK_ASSIGN_OR_RETURN(Statement q,
                         db_.Prepare(std::string(kAccountColumns) + " WHERE org_id = ? ORDER BY upn"));
    q.Bind(1, org_id);
    std::vector<Account> out;
    ARK_RETURN_IF_ERROR(ForEachRow(q, [&] { out.push_back(ReadAccount(q)); }));
    return out;
  }

  Status PutAuthorization(Authorization& z) override {
    return Transaction([&]() -> Status {
      ARK_ASSIGN_OR_RETURN(std::optional<Authorization> old, FindAuthorization(z.account_id, z.mode));
      ARK_ASSIGN_OR_RETURN(
          Statement q,
          db_.Prepare(
              "INSERT INTO authorizations (account_id, mode, signed_in_upn, refresh_token_secret, scopes, "
              "authorized_at, renewed_at) VALUES (?, ?, ?, ?, ?, ?, ?) "
              "ON CONFLICT (account_id, mode) DO UPDATE SET signed_in_upn = excluded.signed_in_upn, "
              "refresh_token_secret = excluded.refresh_token_secret, scopes = excluded.scopes, "
              "authorized_at = excluded.authorized_at, renewed_at = excluded.renewed_at"));
      ARK_RETURN_IF_ERROR(q.Bind(1, z.account_id)
                              .Bind(2, AuthModeName(z.mode))
                              .Bind(3, z.signed_in_upn)
                              .Bind(4, z.refresh_token_secret_id)
                              .Bind(5, ListJson(z.scopes))
                              .Bind(6, TimeText(z.authorized_at))
                              .Bind(7, TimeText(z.renewed_at))
                              .Run());
      ARK_ASSIGN_OR_RETURN(std::optional<Authorization> now, FindAuthorization(z.account_id, z.mode));
      if (now) z.id = now->id;
      if (old && old->refresh_token_secret_id && old->refresh_token_secret_id != z.refresh_token_secret_id) {
        return DeleteSecretsIfUnreferenced({*old->refresh_token_secret_id});
      }
      return Status::Ok();
    });
  }

  Result<std::optional<Authorization>> FindAuthorization(int64_t account_id, AuthMode mode) override {
    ARK_ASSIGN_OR_RETURN(
        Statement q, db_.Prepare("SELECT id, account_id, mode, signed_in_upn, refresh_token_secret, scopes, "
                                 "authorized_at, renewed_at FROM authorizations WHERE account_id = ? AND "
                                 "mode = ?"));
    q.Bind(1, account_id).Bind(2, AuthModeName(mode));
    ARK_ASSIGN_OR_RETURN(bool row, q.Step());
    if (!row) return std::optional<Authorization>();
    Authorization z;
    z.id = q.Int(0);
    z.account_id = q.Int(1);
    z.mode = ParseAuthMode(q.Text(2)).value_or(AuthMode::kHybrid);
    z.signed_in_upn = q.Text(3);
    z.refresh_token_secret_id = q.OptionalText(4);
    z.scopes = ListFrom(q.Text(5));
    z.authorized_at = TimeFrom(q.Text(6));
    z.renewed_at = TimeFrom(q.OptionalText(7));
    return std::optional<Authorization>(std::move(z));
  }

  Status CreateBackupSet(BackupSet& set) override {
    return Transaction([&]() -> Status {
      ARK_ASSIGN_OR_RETURN(bool exists, Exists("SELECT 1 FROM backup_sets WHERE name = ?", set.name));
      if (exists) {
        return AlreadyExists("a backup set named '" + set.name +
                             "' already exists; choose another name or change it with `ark365 set edit`");
      }
      ARK_ASSIGN_OR_RETURN(
          Statement q, db_.Prepare("INSERT INTO backup_sets (name, org_id, account, auth_mode, workloads, "
                                   "schedule, retention, repository, updated_at, created_at) "
                                   "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
      BindBackupSet(q, set);
      ARK_RETURN_IF_ERROR(q.Bind(10, TimeText(set.created_at)).Run());
      set.id = db_.LastInsertId();
      return InsertSetRules(set);
    });
  }

  Status UpdateBackupSet(const BackupSet& set) override {
    return Transaction([&]() -> Status {
      ARK_ASSIGN_OR_RETURN(
          Statement q, db_.Prepare("UPDATE backup_sets SET name = ?, org_id = ?, account = ?, auth_mode = ?, "
                                   "workloads = ?, schedule = ?, retention = ?, repository = ?, "
                                   "updated_at = ? WHERE id = ?"));
      BindBackupSet(q, set);
      ARK_RETURN_IF_ERROR(q.Bind(10, set.id).Run());
      if (db_.Changes() == 0) return NotFound("the backup set '" + set.name + "' no longer exists");
      for (const char* table : {"set_selection", "set_item_rules"}) {
        ARK_ASSIGN_OR_RETURN(Statement del,
                             db_.Prepare(std::string("DELETE FROM ") + table + " WHERE set_id = ?"));
        ARK_RETURN_IF_ERROR(del.Bind(1, set.id).Run());
      }
      return InsertSetRules(set);
    });
  }

  Result<BackupSet> GetBackupSet(std::string_view name) override {
    ARK_ASSIGN_OR_RETURN(Statement q, db_.Prepare(std::string(kSetColumns) + " WHERE s.name = ?"));
    q.Bind(1, name);
    ARK_ASSIGN_OR_RETURN(bool row, q.Step());
    if (!row) {
      return NotFound("there is no backup set named '" + std::string(name) +
                      "'; `ark365 set list` shows the backup sets");
    }
    BackupSet set = ReadBackupSet(q);
    ARK_RETURN_IF_ERROR(LoadSetRules(set));
    return set;
  }

  Result<std::vector<BackupSet>> ListBackupSets(std::optional<int64_t> org_id) override {
    std::string sql = std::string(kSetColumns) + (org_id ? " WHERE s.org_id = ?" : "") + " ORDER BY s.name";
    ARK_ASSIGN_OR_RETURN(Statement q, db_.Prepare(sql));
    if (org_id) q.Bind(1, *org_id);
    std::vector<BackupSet> out;
    ARK_RETURN_IF_ERROR(ForEachRow(q, [&] { out.push_back(ReadBackupSet(q)); }));
    for (BackupSet& set : out) ARK_RETURN_IF_ERROR(LoadSetRules(set));
    return out;
  }

  Status DeleteBackupSet(std::string_view name) override {
    return Transaction([&]() -> Status {
      ARK_ASSIGN_OR_RETURN(BackupSet set, GetBackupSet(name));
      ARK_ASSIGN_OR_RETURN(Statement q, db_.Prepare("DELETE FROM backup_sets WHERE id = ?"));
      return q.Bind(1, set.id).Run();
    });
  }

  Status PutRepository(const RepositoryEntry& r) override {
    return Transaction([&]() -> Status {
      ARK_ASSIGN_OR_RETURN(std::optional<RepositoryEntry> old, FindRepository(r.location));
      ARK_ASSIGN_OR_RETURN(Statement q,
                           db_.Prepare("INSERT INTO repositories (location, password_secret) VALUES (?, ?) "
                                       "ON CONFLICT (location) DO UPDATE SET password_secret = "
                                       "excluded.password_secret"));
      ARK_RETURN_IF_ERROR(q.Bind(1, r.location).Bind(2, r.password_secret_id).Run());
      if (old && old->password_secret_id && old->password_secret_id != r.password_secret_id) {
        return DeleteSecretsIfUnreferenced({*old->password_secret_id});
      }
      return Status::Ok();
    });
  }

  Result<std::optional<RepositoryEntry>> FindRepository(std::string_view location) override {
    ARK_ASSIGN_OR_RETURN(
        Statement q, db_.Prepare("SELECT location, password_secret FROM repositories WHERE location = ?"));
    q.Bind(1, location);
    ARK_ASSIGN_OR_RETURN(bool row, q.Step());
    if (!row) return std::optional<RepositoryEntry>();
    return std::optional<RepositoryEntry>(RepositoryEntry{q.Text(0), q.OptionalText(1)});
  }

 private:
  static constexpr std::string_view kCertificateColumns =
      "SELECT sha1, sha256, subject, issuer, serial, not_before, not_after, key_bits, certificate_pem, "
      "private_key_secret, imported_at FROM certificates";
  static constexpr std::string_view kOrganizationColumns =
      "SELECT id, name, tenant, tenant_id, display_name, default_domain, authority_host, graph_base, "
      "ca_file, "
      "services, same_credentials, sign_in_app_id, redirect_uri, verified_at, missing_permissions, "
      "created_at, "
      "updated_at FROM organizations";
  static constexpr std::string_view kAccountColumns =
      "SELECT id, org_id, upn, password_secret, mfa_required, roles, checked_at FROM accounts";
  static constexpr std::string_view kSetColumns =
      "SELECT s.id, s.name, s.org_id, o.name, s.account, s.auth_mode, s.workloads, s.schedule, s.retention, "
      "s.repository, s.created_at, s.updated_at FROM backup_sets s JOIN organizations o ON o.id = s.org_id";

  static SealedSecret ReadSecret(const Statement& q) {
    return SealedSecret{q.Text(0), q.Text(1), q.Blob(2), TimeFrom(q.Text(3))};
  }

  static StoredCertificate ReadCertificate(const Statement& q) {
    StoredCertificate c;
    c.sha1 = q.Text(0);
    c.sha256 = q.Text(1);
    c.subject = q.Text(2);
    c.issuer = q.Text(3);
    c.serial = q.Text(4);
    c.not_before = TimeFrom(q.Text(5));
    c.not_after = TimeFrom(q.Text(6));
    c.key_bits = static_cast<int>(q.Int(7));
    c.certificate_pem = q.Text(8);
    c.private_key_secret_id = q.Text(9);
    c.imported_at = TimeFrom(q.Text(10));
    return c;
  }

  static void BindOrganization(Statement& q, const Organization& org) {
    q.Bind(1, org.name)
        .Bind(2, org.tenant)
        .Bind(3, org.tenant_id)
        .Bind(4, org.display_name)
        .Bind(5, org.default_domain)
        .Bind(6, org.endpoints.authority_host)
        .Bind(7, org.endpoints.graph_base)
        .Bind(8, org.endpoints.ca_file)
        .Bind(9, JoinServices(org.services))
        .Bind(10, int64_t{org.same_credentials ? 1 : 0})
        .Bind(11, org.sign_in_app_id)
        .Bind(12, org.redirect_uri)
        .Bind(13, TimeText(org.verified_at))
        .Bind(14, ListJson(org.missing_permissions));
  }

  static Organization ReadOrganization(const Statement& q) {
    Organization org;
    org.id = q.Int(0);
    org.name = q.Text(1);
    org.tenant = q.Text(2);
    org.tenant_id = q.Text(3);
    org.display_name = q.Text(4);
    org.default_domain = q.Text(5);
    org.endpoints.authority_host = q.Text(6);
    org.endpoints.graph_base = q.Text(7);
    org.endpoints.ca_file = q.OptionalText(8);
    org.services = ServicesFrom(q.Text(9));
    org.same_credentials = q.Int(10) != 0;
    org.sign_in_app_id = q.Text(11);
    org.redirect_uri = q.Text(12);
    org.verified_at = TimeFrom(q.OptionalText(13));
    org.missing_permissions = ListFrom(q.Text(14));
    org.created_at = TimeFrom(q.Text(15));
    org.updated_at = TimeFrom(q.Text(16));
    return org;
  }

  Status InsertProfiles(const Organization& org) {
    int64_t position = 0;
    for (const CredentialProfile& p : org.profiles) {
      ARK_ASSIGN_OR_RETURN(
          Statement q,
          db_.Prepare("INSERT INTO credential_profiles (org_id, position, name, app_id, kind, secret, "
                      "secret_expires_at, certificate_sha1, account, services) "
                      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
      ARK_RETURN_IF_ERROR(q.Bind(1, org.id)
                              .Bind(2, position++)
                              .Bind(3, p.name)
                              .Bind(4, p.app.app_id)
                              .Bind(5, CredentialKindName(p.app.kind))
                              .Bind(6, p.app.secret_id)
                              .Bind(7, TimeText(p.app.secret_expires))
                              .Bind(8, p.app.certificate)
                              .Bind(9, p.account)
                              .Bind(10, JoinServices(p.services))
                              .Run());
    }
    return Status::Ok();
  }

  Status LoadProfiles(Organization& org) {
    ARK_ASSIGN_OR_RETURN(
        Statement q, db_.Prepare("SELECT name, app_id, kind, secret, secret_expires_at, certificate_sha1, "
                                 "account, services FROM credential_profiles WHERE org_id = ? ORDER BY "
                                 "position"));
    q.Bind(1, org.id);
    ARK_RETURN_IF_ERROR(ForEachRow(q, [&] {
      CredentialProfile p;
      p.name = q.Text(0);
      p.app.app_id = q.Text(1);
      p.app.kind = q.Text(2) == "certificate" ? CredentialKind::kCertificate : CredentialKind::kSecret;
      p.app.secret_id = q.OptionalText(3);
      p.app.secret_expires = TimeFrom(q.OptionalText(4));
      p.app.certificate = q.OptionalText(5);
      p.account = q.OptionalText(6);
      p.services = ServicesFrom(q.Text(7));
      org.profiles.push_back(std::move(p));
    }));
    return Status::Ok();
  }

  static void BindAccount(Statement& q, const Account& a) {
    q.Bind(1, a.upn).Bind(2, a.password_secret_id);
    if (a.mfa_required) {
      q.Bind(3, int64_t{*a.mfa_required ? 1 : 0});
    } else {
      q.BindNull(3);
    }
    q.Bind(4, RolesJson(a.roles)).Bind(5, TimeText(a.checked_at));
  }

  static Account ReadAccount(const Statement& q) {
    Account a;
    a.id = q.Int(0);
    a.org_id = q.Int(1);
    a.upn = q.Text(2);
    a.password_secret_id = q.OptionalText(3);
    if (!q.IsNull(4)) a.mfa_required = q.Int(4) != 0;
    a.roles = RolesFrom(q.Text(5));
    a.checked_at = TimeFrom(q.OptionalText(6));
    return a;
  }

  static void BindBackupSet(Statement& q, const BackupSet& s) {
    q.Bind(1, s.name)
        .Bind(2, s.org_id)
        .Bind(3, s.account)
        .Bind(4, AuthModeName(s.auth_mode))
        .Bind(5, JoinWorkloads(s.workloads))
        .Bind(6, s.schedule)
        .Bind(7, s.retention)
        .Bind(8, s.repository)
        .Bind(9, TimeText(s.updated_at));
  }

  static BackupSet ReadBackupSet(const Statement& q) {
    BackupSet s;
    s.id = q.Int(0);
    s.name = q.Text(1);
    s.org_id = q.Int(2);
    s.org_name = q.Text(3);
    s.account = q.Text(4);
    s.auth_mode = ParseAuthMode(q.Text(5)).value_or(AuthMode::kBasic);
    s.workloads = WorkloadsFrom(q.Text(6));
    s.schedule = q.Text(7);
    s.retention = q.Text(8);
    s.repository = q.Text(9);
    s.created_at = TimeFrom(q.Text(10));
    s.updated_at = TimeFrom(q.Text(11));
    return s;
  }

  Status InsertSetRules(const BackupSet& set) {
    int64_t position = 0;
    for (const SelectionRule& r : set.selection) {
      ARK_ASSIGN_OR_RETURN(Statement q,
                           db_.Prepare("INSERT INTO set_selection (set_id, position, kind, exclude, "
                                       "pattern) VALUES (?, ?, ?, ?, ?)"));
      ARK_RETURN_IF_ERROR(q.Bind(1, set.id)
                              .Bind(2, position++)
                              .Bind(3, ObjectKindName(r.kind))
                              .Bind(4, int64_t{r.exclude ? 1 : 0})
                              .Bind(5, r.pattern)
                              .Run());
    }
    position = 0;
    for (const ItemRule& r : set.item_rules) {
      ARK_ASSIGN_OR_RETURN(Statement q, db_.Prepare("INSERT INTO set_item_rules (set_id, position, exclude, "
                                                    "workload, pattern) VALUES (?, ?, ?, ?, ?)"));
      ARK_RETURN_IF_ERROR(q.Bind(1, set.id)
                              .Bind(2, position++)
                              .Bind(3, int64_t{r.exclude ? 1 : 0})
                              .Bind(4, WorkloadName(r.workload))
                              .Bind(5, r.pattern)
                              .Run());
    }
    return Status::Ok();
  }

  Status LoadSetRules(BackupSet& set) {
    ARK_ASSIGN_OR_RETURN(Statement q, db_.Prepare("SELECT kind, exclude, pattern FROM set_selection WHERE "
                                                  "set_id = ? ORDER BY position"));
    q.Bind(1, set.id);
    ARK_RETURN_IF_ERROR(ForEachRow(q, [&] {
      set.selection.push_back(
          {ParseObjectKind(q.Text(0)).value_or(ObjectKind::kUser), q.Int(1) != 0, q.Text(2)});
    }));
    ARK_ASSIGN_OR_RETURN(Statement r,
                         db_.Prepare("SELECT exclude, workload, pattern FROM set_item_rules WHERE "
                                     "set_id = ? ORDER BY position"));
    r.Bind(1, set.id);
    ARK_RETURN_IF_ERROR(ForEachRow(r, [&] {
      set.item_rules.push_back(
          {r.Int(0) != 0, ParseWorkload(r.Text(1)).value_or(Workload::kMail), r.Text(2)});
    }));
    return Status::Ok();
  }

  Result<bool> Exists(std::string_view sql, std::string_view key) {
    ARK_ASSIGN_OR_RETURN(Statement q, db_.Prepare(sql));
    q.Bind(1, key);
    return q.Step();
  }

  static Result<std::vector<std::string>> Strings(Statement& q) {
    std::vector<std::string> out;
    ARK_RETURN_IF_ERROR(ForEachRow(q, [&] { out.push_back(q.Text(0)); }));
    return out;
  }

  Result<std::vector<std::string>> StringsOf(std::string_view sql, int64_t id) {
    ARK_ASSIGN_OR_RETURN(Statement q, db_.Prepare(sql));
    q.Bind(1, id);
    return Strings(q);
  }

  // Deletes each of `ids` that no row references any more. Only ids a
  // caller just dropped are candidates, so a secret sealed for a reference
  // that is about to be written is never collected by mistake.
  Status DeleteSecretsIfUnreferenced(const std::vector<std::string>& ids) {
    for (const std::string& id : ids) {
      ARK_ASSIGN_OR_RETURN(
          Statement q, db_.Prepare("DELETE FROM secrets WHERE id = ?1 AND NOT EXISTS ("
                                   "SELECT 1 FROM certificates WHERE private_key_secret = ?1 "
                                   "UNION ALL SELECT 1 FROM credential_profiles WHERE secret = ?1 "
                                   "UNION ALL SELECT 1 FROM accounts WHERE password_secret = ?1 "
                                   "UNION ALL SELECT 1 FROM authorizations WHERE refresh_token_secret = ?1 "
                                   "UNION ALL SELECT 1 FROM repositories WHERE password_secret = ?1)"));
      ARK_RETURN_IF_ERROR(q.Bind(1, id).Run());
    }
    return Status::Ok();
  }

  Database db_;
  int depth_ = 0;
};

}  // namespace

Result<std::unique_ptr<ConfigStore>> OpenSqliteStore(const std::string& path) {
  // The database holds only sealed secrets, but its metadata (tenants,
  // accounts) is still nobody else's business.
  // The mask stays until the schema is written, which creates the WAL files.
  mode_t old_mask = ::umask(077);
  Result<Database> db = Database::Open(path);
  Status migrated = db.ok() ? MigrateSchema(*db) : db.status();
  ::umask(old_mask);
  ARK_RETURN_IF_ERROR(migrated);
  return std::unique_ptr<ConfigStore>(new SqliteStore(std::move(*db)));
}

}  // namespace ark::org
