#include <gtest/gtest.h>
#include <sys/stat.h>

#include <chrono>

#include "org/sqlite.h"
#include "org/sqlite_schema.h"
#include "org/store.h"
#include "org/test_certificates.h"

namespace ark::org {
namespace {

using testing::ScratchDir;

SystemTime At(int seconds) { return SystemTime{} + std::chrono::seconds(1'800'000'000 + seconds); }

Organization Contoso() {
  Organization org;
  org.name = "contoso";
  org.tenant = "contoso.onmicrosoft.com";
  org.services = {Service::kExchange, Service::kOneDrive};
  CredentialProfile p;
  p.name = std::string(kPrimaryProfile);
  p.app.app_id = "11111111-2222-3333-4444-555555555555";
  p.app.kind = CredentialKind::kSecret;
  p.app.secret_expires = At(100);
  p.account = "admin@contoso.onmicrosoft.com";
  p.services = org.services;
  org.profiles.push_back(p);
  org.created_at = org.updated_at = At(0);
  return org;
}

class StoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Result<std::unique_ptr<ConfigStore>> s = OpenSqliteStore(path_);
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    store_ = std::move(*s);
  }
  std::string StoreSecret(const std::string& id) {
    SealedSecret s{id, "app-secret", "sealed-" + id, At(0)};
    EXPECT_TRUE(store_->PutSecret(s).ok());
    return id;
  }
  bool SecretExists(const std::string& id) { return store_->GetSecret(id).ok(); }

  ScratchDir dir_;
  std::string path_ = dir_.path() + "/ark365.db";
  std::unique_ptr<ConfigStore> store_;
};

TEST_F(StoreTest, DatabaseIsPrivateAndAtTheCurrentSchemaVersion) {
  struct stat st {};
  ASSERT_EQ(::stat(path_.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 077, 0u);
  Result<Database> db = Database::Open(path_);
  ASSERT_TRUE(db.ok());
  Result<Statement> q = db->Prepare("SELECT MAX(version) FROM schema_version");
  ASSERT_TRUE(q.ok());
  ASSERT_TRUE(*q->Step());
  EXPECT_EQ(q->Int(0), CurrentSchemaVersion());
  Result<Statement> j = db->Prepare("PRAGMA journal_mode");
  ASSERT_TRUE(*j->Step());
  EXPECT_EQ(j->Text(0), "wal");
}

TEST_F(StoreTest, ReopeningDoesNotMigrateAgainAndANewerSchemaIsRefused) {
  store_.reset();
  ASSERT_TRUE(OpenSqliteStore(path_).ok());
  {
    Result<Database> db = Database::Open(path_);
    ASSERT_TRUE(db->Execute("INSERT INTO schema_version VALUES (999, 'x')").ok());
  }
  Result<std::unique_ptr<ConfigStore>> newer = OpenSqliteStore(path_);
  ASSERT_FALSE(newer.ok());
  EXPECT_NE(newer.status().message().find("upgrade ark365"), std::string::npos) << newer.status().message();
}

TEST_F(StoreTest, OrganizationRoundTripsWithProfiles) {
  Organization org = Contoso();
  org.profiles[0].app.secret_id = StoreSecret("s1");
  org.endpoints.ca_file = "/etc/ca.pem";
  org.missing_permissions = {"Mail.Read"};
  ASSERT_TRUE(store_->CreateOrganization(org).ok());
  EXPECT_GT(org.id, 0);
  Result<Organization> got = store_->GetOrganization("CONTOSO");  // names are case-insensitive
  ASSERT_TRUE(got.ok()) << got.status().message();
  EXPECT_EQ(got->tenant, "contoso.onmicrosoft.com");
  EXPECT_EQ(got->endpoints.authority_host, "https://login.microsoftonline.com");
  EXPECT_EQ(got->endpoints.ca_file, "/etc/ca.pem");
  EXPECT_EQ(got->services, org.services);
  ASSERT_EQ(got->profiles.size(), 1u);
  EXPECT_EQ(got->profiles[0].app.secret_id, "s1");
  EXPECT_EQ(got->profiles[0].app.secret_expires, At(100));
  EXPECT_EQ(got->profiles[0].account, "admin@contoso.onmicrosoft.com");
  EXPECT_EQ(got->missing_permissions, std::vector<std::string>{"Mail.Read"});
  EXPECT_EQ(got->created_at, At(0));
}

TEST_F(StoreTest, DuplicateOrganizationNameIsRefusedWithAHint) {
  Organization a = Contoso();
  a.profiles[0].app.secret_id = StoreSecret("s1");
  ASSERT_TRUE(store_->CreateOrganization(a).ok());
  Organization b = Contoso();
  b.name = "Contoso";
  b.profiles[0].app.secret_id = StoreSecret("s2");
  Status s = store_->CreateOrganization(b);
  EXPECT_EQ(s.code(), StatusCode::kAlreadyExists);
  EXPECT_NE(s.message().find("org edit"), std::string::npos);
}

TEST_F(StoreTest, ReplacingASecretDeletesTheOldOne) {
  Organization org = Contoso();
  org.profiles[0].app.secret_id = StoreSecret("old");
  ASSERT_TRUE(store_->CreateOrganization(org).ok());
  org.profiles[0].app.secret_id = StoreSecret("new");
  ASSERT_TRUE(store_->UpdateOrganization(org).ok());
  EXPECT_FALSE(SecretExists("old"));
  EXPECT_TRUE(SecretExists("new"));
}

TEST_F(StoreTest, ProfileMustHaveExactlyOneCredential) {
  Organization org = Contoso();  // kind secret, but no secret id
  EXPECT_FALSE(store_->CreateOrganization(org).ok());
  EXPECT_EQ(store_->GetOrganization("contoso").status().code(), StatusCode::kNotFound);  // rolled back
}

TEST_F(StoreTest, AccountsAndAuthorizationsAreUniqueAndReplaceTheirSecrets) {
  Organization org = Contoso();
  org.profiles[0].app.secret_id = StoreSecret("s1");
  ASSERT_TRUE(store_->CreateOrganization(org).ok());
  Account a;
  a.org_id = org.id;
  a.upn = "Admin@contoso.onmicrosoft.com";
  a.password_secret_id = StoreSecret("pw1");
  a.roles = {{"62e90394-69f5-4237-9190-012177145e10", "Global Administrator"}};
  ASSERT_TRUE(store_->PutAccount(a).ok());
  Account again = a;
  again.upn = "admin@CONTOSO.onmicrosoft.com";
  again.password_secret_id = StoreSecret("pw2");
  again.mfa_required = false;
  ASSERT_TRUE(store_->PutAccount(again).ok());
  EXPECT_EQ(again.id, a.id);
  EXPECT_FALSE(SecretExists("pw1"));
  Result<std::vector<Account>> list = store_->ListAccounts(org.id);
  ASSERT_EQ(list->size(), 1u);
  EXPECT_EQ((*list)[0].roles[0].display_name, "Global Administrator");
  EXPECT_EQ((*list)[0].mfa_required, false);

  Authorization z;
  z.account_id = a.id;
  z.mode = AuthMode::kHybrid;
  z.signed_in_upn = a.upn;
  z.refresh_token_secret_id = StoreSecret("rt1");
  z.scopes = {"Mail.Read"};
  z.authorized_at = At(5);
  ASSERT_TRUE(store_->PutAuthorization(z).ok());
  z.refresh_token_secret_id = StoreSecret("rt2");
  z.renewed_at = At(6);
  ASSERT_TRUE(store_->PutAuthorization(z).ok());
  EXPECT_FALSE(SecretExists("rt1"));
  Result<std::optional<Authorization>> found = store_->FindAuthorization(a.id, AuthMode::kHybrid);
  ASSERT_TRUE(found.ok() && found->has_value());
  EXPECT_EQ((*found)->refresh_token_secret_id, "rt2");
  EXPECT_EQ((*found)->renewed_at, At(6));
  EXPECT_FALSE(store_->FindAuthorization(a.id, AuthMode::kModern)->has_value());
}

TEST_F(StoreTest, BackupSetsRoundTripAndKeepTheirOrganization) {
  Organization org = Contoso();
  org.profiles[0].app.secret_id = StoreSecret("s1");
  ASSERT_TRUE(store_->CreateOrganization(org).ok());
  BackupSet set;
  set.name = "mail-daily";
  set.org_id = org.id;
  set.account = "admin@contoso.onmicrosoft.com";
  set.auth_mode = AuthMode::kBasic;
  set.selection = {{ObjectKind::kUser, false, "*"},
                   {ObjectKind::kUser, true, "svc-*"},
                   {ObjectKind::kPersonalSite, false, "*"}};
  set.workloads = {Workload::kMail, Workload::kCalendar};
  set.item_rules = {{true, Workload::kMail, "Junk Email"}};
  set.schedule = "daily 22:00";
  set.retention = "last=3";
  set.repository = "/srv/repo";
  set.created_at = set.updated_at = At(1);
  ASSERT_TRUE(store_->CreateBackupSet(set).ok());
  Result<BackupSet> got = store_->GetBackupSet("Mail-Daily");
  ASSERT_TRUE(got.ok()) << got.status().message();
  EXPECT_EQ(got->org_name, "contoso");
  EXPECT_EQ(got->selection, set.selection);
  EXPECT_EQ(got->item_rules, set.item_rules);
  EXPECT_EQ(got->workloads, set.workloads);
  EXPECT_EQ(got->auth_mode, AuthMode::kBasic);
  EXPECT_TRUE(got->Selects(ObjectKind::kPersonalSite));
  EXPECT_FALSE(got->Selects(ObjectKind::kTeam));

  got->selection.pop_back();
  got->auth_mode = AuthMode::kModern;
  ASSERT_TRUE(store_->UpdateBackupSet(*got).ok());
  EXPECT_EQ(store_->GetBackupSet("mail-daily")->selection.size(), 2u);

  Status busy = store_->DeleteOrganization("contoso");
  EXPECT_EQ(busy.code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(busy.message().find("mail-daily"), std::string::npos) << busy.message();
  ASSERT_TRUE(store_->DeleteBackupSet("mail-daily").ok());
  ASSERT_TRUE(store_->DeleteOrganization("contoso").ok());
  EXPECT_FALSE(SecretExists("s1"));
  EXPECT_TRUE(store_->ListOrganizations()->empty());
}

TEST_F(StoreTest, CertificateInUseCannotBeDeletedAndListsItsOrganizations) {
  StoredCertificate c;
  c.sha1 = std::string(40, 'A');
  c.sha256 = std::string(64, 'B');
  c.subject = "CN=x";
  c.not_before = At(0);
  c.not_after = At(1000);
  c.key_bits = 2048;
  c.certificate_pem = "pem";
  c.private_key_secret_id = StoreSecret("key");
  ASSERT_TRUE(store_->AddCertificate(c).ok());
  EXPECT_EQ(store_->AddCertificate(c).code(), StatusCode::kAlreadyExists);
  Organization org = Contoso();
  org.profiles[0].app.kind = CredentialKind::kCertificate;
  org.profiles[0].app.certificate = c.sha1;
  ASSERT_TRUE(store_->CreateOrganization(org).ok());
  EXPECT_EQ(*store_->OrganizationsUsingCertificate(c.sha1), std::vector<std::string>{"contoso"});
  EXPECT_FALSE(store_->DeleteCertificate(c.sha1).ok());  // the foreign key holds
  EXPECT_TRUE(SecretExists("key"));
  ASSERT_TRUE(store_->DeleteOrganization("contoso").ok());
  ASSERT_TRUE(store_->DeleteCertificate(c.sha1).ok());
  EXPECT_FALSE(SecretExists("key"));
}

TEST_F(StoreTest, FailedTransactionLeavesNothingBehindAndNestedOnesJoin) {
  Status s = store_->Transaction([&]() -> Status {
    EXPECT_TRUE(store_->PutSetting("a", "1").ok());
    Status inner = store_->Transaction([&] { return store_->PutSetting("b", "2"); });
    EXPECT_TRUE(inner.ok());
    return Internal("stop");
  });
  EXPECT_FALSE(s.ok());
  EXPECT_FALSE(store_->GetSetting("a")->has_value());
  EXPECT_FALSE(store_->GetSetting("b")->has_value());
  Status inner_fail = store_->Transaction([&]() -> Status {
    EXPECT_TRUE(store_->PutSetting("c", "3").ok());
    EXPECT_FALSE(store_
                     ->Transaction([&]() -> Status {
                       EXPECT_TRUE(store_->PutSetting("d", "4").ok());
                       return Internal("inner stop");
                     })
                     .ok());
    return Status::Ok();
  });
  EXPECT_TRUE(inner_fail.ok());
  EXPECT_EQ(store_->GetSetting("c")->value_or(""), "3");
  EXPECT_FALSE(store_->GetSetting("d")->has_value());
}

TEST_F(StoreTest, RepositoryPasswordIsReplacedNotAccumulated) {
  ASSERT_TRUE(store_->PutRepository({"/srv/repo", StoreSecret("r1")}).ok());
  ASSERT_TRUE(store_->PutRepository({"/srv/repo", StoreSecret("r2")}).ok());
  EXPECT_FALSE(SecretExists("r1"));
  EXPECT_EQ(store_->FindRepository("/srv/repo")->value().password_secret_id, "r2");
  EXPECT_FALSE(store_->FindRepository("/elsewhere")->has_value());
}

}  // namespace
}  // namespace ark::org
