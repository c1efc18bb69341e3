// One test per rule of the seeds (PRODUCT.md §2), named after the rule.
#include "org/rules.h"

#include <gtest/gtest.h>

namespace ark::org::rules {
namespace {

using namespace std::chrono_literals;

bool Says(const Status& s, std::string_view text) { return s.message().find(text) != std::string::npos; }

const DirectoryRole kGlobalAdmin{std::string(kGlobalAdministrator), "Global Administrator"};
const DirectoryRole kPrivilegedRoleAdmin{std::string(kPrivilegedRoleAdministrator),
                                         "Privileged Role Administrator"};
const DirectoryRole kExchangeAdmin{"29232cdf-9323-42fd-ade2-1d097af3e4de", "Exchange Administrator"};

TEST(RulesTest, ApplicationIdIsAGuid) {
  EXPECT_TRUE(CheckApplicationId("1b2c3d4e-5f60-4a1b-8c9d-0e1f2a3b4c5d").ok());
  EXPECT_TRUE(CheckApplicationId("1B2C3D4E-5F60-4A1B-8C9D-0E1F2A3B4C5D").ok());
  Status bad = CheckApplicationId("my-app");
  EXPECT_EQ(bad.code(), StatusCode::kInvalidArgument);
  EXPECT_TRUE(Says(bad, "is not a GUID")) << bad.message();
  EXPECT_TRUE(Says(bad, "App registrations"));
  EXPECT_FALSE(CheckApplicationId("1b2c3d4e5f604a1b8c9d0e1f2a3b4c5d").ok());
}

TEST(RulesTest, SecretOrCertificateNeverBoth) {
  EXPECT_TRUE(CheckOneAppCredential(true, false).ok());
  EXPECT_TRUE(CheckOneAppCredential(false, true).ok());
  EXPECT_TRUE(Says(CheckOneAppCredential(true, true), "not both"));
  EXPECT_TRUE(Says(CheckOneAppCredential(false, false), "needs a credential"));
}

TEST(RulesTest, AccountIsUserAtDomain) {
  EXPECT_TRUE(CheckAccountName("user@domain.com").ok());
  EXPECT_TRUE(CheckAccountName("first.last@contoso.onmicrosoft.com").ok());
  EXPECT_TRUE(CheckAccountName("o'brien+backup@sub.contoso.co.uk").ok());
  for (const char* bad : {"user", "user@", "@domain.com", "user@domain", "a@b@c.com", "user@-x.com",
                          "user@domain.c0m", ".user@domain.com", "us er@domain.com"}) {
    Status s = CheckAccountName(bad);
    EXPECT_FALSE(s.ok()) << bad;
    EXPECT_TRUE(Says(s, "user@domain.com or user@domain.onmicrosoft.com")) << s.message();
  }
}

TEST(RulesTest, MfaAccountsCannotUseThePasswordGrant) {
  Status s = MfaAccountCannotUsePassword("alice@contoso.com");
  EXPECT_EQ(s.code(), StatusCode::kUnauthenticated);
  EXPECT_TRUE(Says(s, "alice@contoso.com requires multi-factor authentication"));
  EXPECT_TRUE(Says(s, "non-MFA ADFS"));
  EXPECT_TRUE(Says(s, "set migrate-auth"));
}

TEST(RulesTest, GrantingNeedsGlobalAdministratorOrPrivilegedRoleAdministrator) {
  EXPECT_TRUE(CheckCanGrantPermissions("a@c.com", {kGlobalAdmin}).ok());
  EXPECT_TRUE(CheckCanGrantPermissions("a@c.com", {kExchangeAdmin, kPrivilegedRoleAdmin}).ok());
  Status s = CheckCanGrantPermissions("ex@c.com", {kExchangeAdmin});
  EXPECT_EQ(s.code(), StatusCode::kPermissionDenied);
  EXPECT_TRUE(Says(s, "ex@c.com cannot grant"));
  EXPECT_TRUE(Says(s, "Organization Management with Role Management"));
  EXPECT_TRUE(Says(s, "its roles are: Exchange Administrator"));
  EXPECT_TRUE(Says(CheckCanGrantPermissions("u@c.com", {}), "its roles are: none"));
}

TEST(RulesTest, ModernNeedsAGlobalAdministrator) {
  EXPECT_TRUE(CheckCanAuthorizeModern("a@c.com", {kGlobalAdmin}).ok());
  // Upper-case ids (as some tokens write them) count too.
  DirectoryRole upper{"62E90394-69F5-4237-9190-012177145E10", ""};
  EXPECT_TRUE(CheckCanAuthorizeModern("a@c.com", {upper}).ok());
  Status s = CheckCanAuthorizeModern("pra@c.com", {kPrivilegedRoleAdmin});
  EXPECT_EQ(s.code(), StatusCode::kPermissionDenied);
  EXPECT_TRUE(Says(s, "must be authorized by a Global Administrator"));
  EXPECT_TRUE(Says(s, "Hybrid"));
}

TEST(RulesTest, PersonalSitesNeedHybrid) {
  EXPECT_TRUE(CheckPersonalSitesAllowed("s", AuthMode::kHybrid, true).ok());
  EXPECT_TRUE(CheckPersonalSitesAllowed("s", AuthMode::kBasic, true).ok());
  EXPECT_TRUE(CheckPersonalSitesAllowed("s", AuthMode::kModern, false).ok());
  Status s = CheckPersonalSitesAllowed("sites-set", AuthMode::kModern, true);
  EXPECT_EQ(s.code(), StatusCode::kFailedPrecondition);
  EXPECT_TRUE(Says(s, "'sites-set' selects Personal Sites"));
  EXPECT_TRUE(Says(s, "set migrate-auth sites-set --to hybrid"));
}

TEST(RulesTest, SameCredentialsChoiceOnlyWithSharePointOneDriveOrTeams) {
  EXPECT_FALSE(SameCredentialsChoiceOffered({Service::kExchange}));
  for (Service s : {Service::kSharePoint, Service::kOneDrive, Service::kTeams}) {
    EXPECT_TRUE(SameCredentialsChoiceOffered({Service::kExchange, s}));
    EXPECT_TRUE(CheckSameCredentialsChoice({s}, false).ok());
  }
  EXPECT_TRUE(CheckSameCredentialsChoice({Service::kExchange}, std::nullopt).ok());
  Status s = CheckSameCredentialsChoice({Service::kExchange}, true);
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_TRUE(Says(s, "none of them is selected"));
}

TEST(RulesTest, BasicIsDeprecatedAndSaysHowToMigrate) {
  std::string n = BasicDeprecationNotice("legacy");
  EXPECT_NE(n.find("deprecated"), std::string::npos);
  EXPECT_NE(n.find("ark365 set migrate-auth legacy --to hybrid"), std::string::npos);
}

TEST(RulesTest, AtLeastOneService) {
  EXPECT_FALSE(CheckServices({}).ok());
  EXPECT_TRUE(CheckServices({Service::kTeams}).ok());
}

TEST(RulesTest, ExpiredCertificateRefusedAndExpiringOneWarnedThirtyDaysAhead) {
  SystemTime now = std::chrono::system_clock::now();
  EXPECT_FALSE(CheckCertificateDates("T", now - 48h, now - 1h, now).ok());
  EXPECT_TRUE(Says(CheckCertificateDates("T", now + 1h, now + 48h, now).status(), "not valid before"));
  Result<std::optional<std::string>> soon = CheckCertificateDates("T", now - 1h, now + 29 * 24h + 1h, now);
  ASSERT_TRUE(soon.ok());
  ASSERT_TRUE(soon->has_value());
  EXPECT_NE((*soon)->find("in 29 days"), std::string::npos) << **soon;
  Result<std::optional<std::string>> later = CheckCertificateDates("T", now - 1h, now + 31 * 24h, now);
  EXPECT_FALSE(later->has_value());
}

TEST(RulesTest, NamesTenantsAndEndpoints) {
  EXPECT_TRUE(CheckName("organization", "contoso-2").ok());
  EXPECT_FALSE(CheckName("organization", "").ok());
  EXPECT_FALSE(CheckName("organization", "-x").ok());
  EXPECT_FALSE(CheckName("backup set", "a b").ok());
  EXPECT_TRUE(CheckTenant("contoso.onmicrosoft.com").ok());
  EXPECT_TRUE(CheckTenant("72f988bf-86f1-41af-91ab-2d7cd011db47").ok());
  EXPECT_FALSE(CheckTenant("contoso").ok());
  EXPECT_TRUE(CheckHttpsUrl("--graph-base", "https://graph.microsoft.us/v1.0").ok());
  EXPECT_TRUE(CheckHttpsUrl("--authority-host", "https://localhost:8443").ok());
  EXPECT_TRUE(
      Says(CheckHttpsUrl("--authority-host", "http://login.microsoftonline.com"), "not an https URL"));
  EXPECT_FALSE(CheckHttpsUrl("x", "https://").ok());
}

}  // namespace
}  // namespace ark::org::rules
