// Tests of the tenant generator: determinism, the fixed test-case accounts and apps, grants, sizes.
#include "tenant/generator.h"

#include <gtest/gtest.h>

#include <set>

#include "core/random.h"
#include "core/time.h"
#include "tenant/graph_permissions.h"
#include "tenant/roles.h"
#include "tenant/serialize.h"

namespace m365sim::tenant {
namespace {

const User& ByPurpose(const Tenant& t, std::string_view purpose) {
  for (const auto& u : t.users) {
    if (u.purpose == purpose) return u;
  }
  ADD_FAILURE() << "no account for " << purpose;
  return t.users.front();
}

const Application& App(const Tenant& t, std::string_view purpose) {
  for (const auto& a : t.applications) {
    if (a.purpose == purpose) return a;
  }
  ADD_FAILURE() << "no app " << purpose;
  return t.applications.front();
}

TEST(GeneratorTest, SameSeedGivesTheSameBytes) {
  std::string a = TenantToJson(GenerateTenant({7, 25})).dump();
  std::string b = TenantToJson(GenerateTenant({7, 25})).dump();
  EXPECT_EQ(a, b);
  EXPECT_NE(a, TenantToJson(GenerateTenant({8, 25})).dump());
}

TEST(GeneratorTest, GrowingTheTenantKeepsTheExistingDirectory) {
  Tenant small = GenerateTenant({3, 3});
  Tenant bigger = GenerateTenant({3, 30});
  EXPECT_EQ(small.organization.id, bigger.organization.id);
  for (size_t i = 0; i < small.users.size(); ++i) {
    EXPECT_EQ(small.users[i].id, bigger.users[i].id);
    EXPECT_EQ(small.users[i].user_principal_name, bigger.users[i].user_principal_name);
  }
  EXPECT_EQ(App(small, kAppBackup).app_id, App(bigger, kAppBackup).app_id);
}

TEST(GeneratorTest, IdsAreUniqueGuidsAndUpnsAreUnique) {
  Tenant t = GenerateTenant({11, 250});
  EXPECT_EQ(t.users.size(), 250u + 13u);
  std::set<std::string> ids, upns;
  for (const auto& u : t.users) {
    EXPECT_TRUE(ark::IsUuid(u.id)) << u.id;
    EXPECT_TRUE(ids.insert(u.id).second);
    EXPECT_TRUE(upns.insert(u.user_principal_name).second) << u.user_principal_name;
    EXPECT_NE(t.FindDomain(u.user_principal_name.substr(u.user_principal_name.find('@') + 1)), nullptr);
  }
  for (const auto& g : t.groups) EXPECT_TRUE(ids.insert(g.id).second);
  EXPECT_TRUE(ark::IsUuid(t.organization.id));
}

TEST(GeneratorTest, FixedAccountsCoverEveryCase) {
  Tenant t = GenerateTenant({7, 3});
  EXPECT_EQ(ByPurpose(t, "global-admin").user_principal_name, "admin@" + t.organization.InitialDomain());
  EXPECT_EQ(ByPurpose(t, "global-admin").role_template_ids,
            std::vector<std::string>{std::string(kGlobalAdministrator)});
  EXPECT_EQ(ByPurpose(t, "global-admin-mfa").mfa, MfaState::kEnabled);
  EXPECT_EQ(ByPurpose(t, "privileged-role-admin").role_template_ids.front(), kPrivilegedRoleAdministrator);
  EXPECT_EQ(ByPurpose(t, "exchange-admin").role_template_ids.front(), kExchangeAdministrator);
  EXPECT_EQ(ByPurpose(t, "user").mfa, MfaState::kNone);
  EXPECT_EQ(ByPurpose(t, "user-mfa").mfa, MfaState::kEnabled);
  EXPECT_EQ(ByPurpose(t, "user-mfa-registration-required").mfa, MfaState::kRegistrationRequired);
  EXPECT_TRUE(ByPurpose(t, "federated").federated);
  EXPECT_FALSE(ByPurpose(t, "federated").cloud_password_validation);
  EXPECT_TRUE(ByPurpose(t, "federated-adfs-no-mfa").cloud_password_validation);
  EXPECT_FALSE(ByPurpose(t, "disabled").account_enabled);
  const Domain* federated = t.FindDomain(
      ByPurpose(t, "federated")
          .user_principal_name.substr(ByPurpose(t, "federated").user_principal_name.find('@') + 1));
  ASSERT_NE(federated, nullptr);
  EXPECT_EQ(federated->authentication_type, "Federated");
  EXPECT_EQ(t.directory_roles.size(), 5u);  // GA, PRA, Exchange, SharePoint, Teams
}

TEST(GeneratorTest, AppsHaveTheirGrantsAndCredentials) {
  Tenant t = GenerateTenant({7, 3});
  Time anchor = *ark::ParseRfc3339("2026-01-01T00:00:00Z");
  const auto& backup = App(t, kAppBackup);
  ASSERT_EQ(backup.password_credentials.size(), 1u);
  EXPECT_GT(backup.password_credentials[0].end, anchor);
  EXPECT_EQ(backup.password_credentials[0].secret_text.substr(3, 3), "8Q~");
  auto granted = t.GrantedGraphAppRoles(t.FindServicePrincipalByAppId(backup.app_id)->id);
  EXPECT_EQ(granted.size(), BackupAndRestoreApplicationPermissions().size());
  EXPECT_TRUE(
      t.GrantedGraphAppRoles(t.FindServicePrincipalByAppId(App(t, kAppUnconsented).app_id)->id).empty());
  EXPECT_LT(App(t, kAppExpiredSecret).password_credentials[0].end, anchor);
  EXPECT_TRUE(App(t, kAppCertificateOnly).password_credentials.empty());
  const auto& pub = App(t, kAppPublicClient);
  EXPECT_TRUE(pub.is_fallback_public_client);
  EXPECT_EQ(pub.public_client_redirect_uris.front(), kNativeClientRedirectUri);
  auto scopes = t.GrantedGraphScopes(t.FindServicePrincipalByAppId(pub.app_id)->id, ByPurpose(t, "user").id);
  EXPECT_NE(std::find(scopes.begin(), scopes.end(), "User.Read"), scopes.end());
}

TEST(GeneratorTest, ParsesTenantSizes) {
  EXPECT_EQ(*ParseTenantSize("tiny"), 3);
  EXPECT_EQ(*ParseTenantSize("small"), 25);
  EXPECT_EQ(*ParseTenantSize("medium"), 250);
  EXPECT_EQ(*ParseTenantSize("large"), 2500);
  EXPECT_EQ(*ParseTenantSize("42"), 42);
  EXPECT_FALSE(ParseTenantSize("huge").ok());
  EXPECT_FALSE(ParseTenantSize("-1").ok());
  EXPECT_NE(ParseTenantSize("huge").status().message().find("tiny, small, medium, large"), std::string::npos);
}

}  // namespace
}  // namespace m365sim::tenant
