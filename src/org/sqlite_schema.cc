// Schema migrations of the configuration database. Never edit a released
// migration: add a new one, and document the change in
// docs/configuration-database.md.
#include "org/sqlite_schema.h"

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

#include "core/time.h"

namespace ark::org {
namespace {

// Migration N takes the schema from version N-1 to N (index N-1).
const std::vector<std::string_view>& Migrations() {
  static const std::vector<std::string_view> kMigrations = {
      // 1: organizations, credentials, accounts, authorizations, backup sets, certificates, secrets.
      R"sql(
CREATE TABLE settings (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
CREATE TABLE secrets (
  id         TEXT PRIMARY KEY,
  purpose    TEXT NOT NULL,
  box        BLOB NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE TABLE certificates (
  sha1               TEXT PRIMARY KEY,
  sha256             TEXT NOT NULL UNIQUE,
  subject            TEXT NOT NULL,
  issuer             TEXT NOT NULL,
  serial             TEXT NOT NULL,
  not_before         TEXT NOT NULL,
  not_after          TEXT NOT NULL,
  key_bits           INTEGER NOT NULL,
  certificate_pem    TEXT NOT NULL,
  private_key_secret TEXT NOT NULL REFERENCES secrets(id),
  imported_at        TEXT NOT NULL
);
CREATE TABLE organizations (
  id                  INTEGER PRIMARY KEY,
  name                TEXT NOT NULL UNIQUE COLLATE NOCASE,
  tenant              TEXT NOT NULL,
  tenant_id           TEXT NOT NULL DEFAULT '',
  display_name        TEXT NOT NULL DEFAULT '',
  default_domain      TEXT NOT NULL DEFAULT '',
  authority_host      TEXT NOT NULL,
  graph_base          TEXT NOT NULL,
  ca_file             TEXT,
  services            TEXT NOT NULL,
  same_credentials    INTEGER NOT NULL CHECK (same_credentials IN (0, 1)),
  sign_in_app_id      TEXT NOT NULL DEFAULT '',
  redirect_uri        TEXT NOT NULL DEFAULT '',
  verified_at         TEXT,
  missing_permissions TEXT NOT NULL DEFAULT '[]',
  created_at          TEXT NOT NULL,
  updated_at          TEXT NOT NULL
);
CREATE TABLE accounts (
  id              INTEGER PRIMARY KEY,
  org_id          INTEGER NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  upn             TEXT NOT NULL COLLATE NOCASE,
  password_secret TEXT REFERENCES secrets(id),
  mfa_required    INTEGER CHECK (mfa_required IN (0, 1)),
  roles           TEXT NOT NULL DEFAULT '[]',
  checked_at      TEXT,
  UNIQUE (org_id, upn)
);
CREATE TABLE credential_profiles (
  id                INTEGER PRIMARY KEY,
  org_id            INTEGER NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  position          INTEGER NOT NULL,
  name              TEXT NOT NULL,
  app_id            TEXT NOT NULL,
  kind              TEXT NOT NULL CHECK (kind IN ('secret', 'certificate')),
  secret            TEXT REFERENCES secrets(id),
  secret_expires_at TEXT,
  certificate_sha1  TEXT REFERENCES certificates(sha1),
  account           TEXT,
  services          TEXT NOT NULL,
  UNIQUE (org_id, name),
  CHECK ((kind = 'secret') = (secret IS NOT NULL)),
  CHECK ((kind = 'certificate') = (certificate_sha1 IS NOT NULL))
);
CREATE TABLE authorizations (
  id                   INTEGER PRIMARY KEY,
  account_id           INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  mode                 TEXT NOT NULL CHECK (mode IN ('hybrid', 'modern')),
  signed_in_upn        TEXT NOT NULL,
  refresh_token_secret TEXT REFERENCES secrets(id),
  scopes               TEXT NOT NULL DEFAULT '[]',
  authorized_at        TEXT NOT NULL,
  renewed_at           TEXT,
  UNIQUE (account_id, mode)
);
CREATE TABLE repositories (
  location        TEXT PRIMARY KEY,
  password_secret TEXT REFERENCES secrets(id)
);
CREATE TABLE backup_sets (
  id         INTEGER PRIMARY KEY,
  name       TEXT NOT NULL UNIQUE COLLATE NOCASE,
  org_id     INTEGER NOT NULL REFERENCES organizations(id),
  account    TEXT NOT NULL,
  auth_mode  TEXT NOT NULL CHECK (auth_mode IN ('basic', 'hybrid', 'modern')),
  workloads  TEXT NOT NULL,
  schedule   TEXT NOT NULL,
  retention  TEXT NOT NULL,
  repository TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE TABLE set_selection (
  set_id   INTEGER NOT NULL REFERENCES backup_sets(id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  kind     TEXT NOT NULL CHECK (kind IN ('user', 'group', 'site', 'personal-site', 'team')),
  exclude  INTEGER NOT NULL CHECK (exclude IN (0, 1)),
  pattern  TEXT NOT NULL,
  PRIMARY KEY (set_id, position)
);
CREATE TABLE set_item_rules (
  set_id   INTEGER NOT NULL REFERENCES backup_sets(id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  exclude  INTEGER NOT NULL CHECK (exclude IN (0, 1)),
  workload TEXT NOT NULL,
  pattern  TEXT NOT NULL,
  PRIMARY KEY (set_id, position)
);
CREATE INDEX backup_sets_by_org ON backup_sets(org_id);
CREATE INDEX profiles_by_certificate ON credential_profiles(certificate_sha1);
)sql",
  };
  return kMigrations;
}

Result<int> ReadVersion(Database& db) {
  ARK_RETURN_IF_ERROR(db.Execute(
      "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, applied_at TEXT NOT "
      "NULL)"));
  ARK_ASSIGN_OR_RETURN(Statement q, db.Prepare("SELECT COALESCE(MAX(version), 0) FROM schema_version"));
  ARK_ASSIGN_OR_RETURN(bool row, q.Step());
  return row ? static_cast<int>(q.Int(0)) : 0;
}

}  // namespace

int CurrentSchemaVersion() { return static_cast<int>(Migrations().size()); }

Status MigrateSchema(Database& db) {
  ARK_RETURN_IF_ERROR(db.Execute("BEGIN IMMEDIATE"));
  Result<int> version = ReadVersion(db);
  if (!version.ok()) {
    (void)db.Execute("ROLLBACK");
    return version.status();
  }
  if (*version > CurrentSchemaVersion()) {
    (void)db.Execute("ROLLBACK");
    return FailedPrecondition("the configuration database " + db.path() + " has schema version " +
                              std::to_string(*version) + ", newer than this ark365 understands (" +
                              std::to_string(CurrentSchemaVersion()) + "); upgrade ark365");
  }
  for (int v = *version + 1; v <= CurrentSchemaVersion(); ++v) {
    Status s = db.Execute(Migrations()[static_cast<size_t>(v - 1)]);
    if (s.ok()) {
      Result<Statement> record = db.Prepare("INSERT INTO schema_version (version, applied_at) VALUES (?, ?)");
      s = record.ok()
              ? record->Bind(1, int64_t{v}).Bind(2, FormatRfc3339(std::chrono::system_clock::now())).Run()
              : record.status();
    }
    if (!s.ok()) {
      (void)db.Execute("ROLLBACK");
      return s.Context("cannot migrate the configuration database to schema version " + std::to_string(v));
    }
  }
  return db.Execute("COMMIT");
}

}  // namespace ark::org
