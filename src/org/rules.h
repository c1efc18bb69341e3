// The rules of the two source documents (seeds) and PRODUCT.md §2, checked in one place.
//
// The CLI, the REST API and the web console call these functions, so an
// administrator gets the same answer, with the same message, everywhere.
// Each rule returns OK or an error whose message says what is wrong and what
// to do; each has a unit test (rules_test.cc) and an end-to-end scenario
// named after it (tests/e2e/org_rules_test.cc).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "core/time.h"
#include "org/model.h"

namespace ark::org::rules {

// Directory role template ids: the same in every tenant, and what `wids`
// claims and /me/memberOf's directoryRole.roleTemplateId carry.
inline constexpr std::string_view kGlobalAdministrator = "62e90394-69f5-4237-9190-012177145e10";
inline constexpr std::string_view kPrivilegedRoleAdministrator = "e8611ab8-c189-46e8-94e1-60213ab1f814";

// Seed 001 step 1: the Application ID is the app registration's client ID, a GUID.
Status CheckApplicationId(std::string_view app_id);

// Seed 001 step 2: an application secret or a certificate, never both, never neither.
Status CheckOneAppCredential(bool has_secret, bool has_certificate);

// Seed 001 step 3: the account is user@domain.com or user@domain.onmicrosoft.com.
Status CheckAccountName(std::string_view upn);

// Seed 001 step 3: only non-MFA accounts can sign in with a password (the
// seed's "non-MFA ADFS accounts only"). The error to show when the password
// sign-in of `upn` was refused because the account needs MFA.
Status MfaAccountCannotUsePassword(std::string_view upn);

// Seed 001 step 4: granting roles and permissions needs Organization
// Management + Role Management in the seed; today Global Administrator or
// Privileged Role Administrator.
Status CheckCanGrantPermissions(std::string_view upn, const std::vector<DirectoryRole>& roles);

// Seed 002: Modern authentication is authorized by a Global Administrator.
Status CheckCanAuthorizeModern(std::string_view upn, const std::vector<DirectoryRole>& roles);

// Seed 002: Personal Sites are not supported with Modern authentication; a
// set selecting them must use Hybrid (or stay Basic).
Status CheckPersonalSitesAllowed(std::string_view set_name, AuthMode mode, bool selects_personal_sites);

// Seed 001 step 5: the "same credentials for SharePoint Online, OneDrive for
// Business and Microsoft Teams" choice exists only when one of them is
// selected. `choice` is the administrator's answer, if one was given.
bool SameCredentialsChoiceOffered(const ServiceSet& services);
Status CheckSameCredentialsChoice(const ServiceSet& services, std::optional<bool> choice);

// Seed 002: Basic authentication is deprecated. The notice every listing of
// a Basic set shows, with how to migrate.
std::string BasicDeprecationNotice(std::string_view set_name);

// An organization protects at least one service.
Status CheckServices(const ServiceSet& services);

// Certificate expiry: an expired (or not yet valid) certificate is refused;
// one that expires within 30 days gives a warning (returned), else nullopt.
Result<std::optional<std::string>> CheckCertificateDates(std::string_view thumbprint, SystemTime not_before,
                                                         SystemTime not_after, SystemTime now);
inline constexpr int kCertificateWarningDays = 30;

// Names of organizations and backup sets: 1-64 letters, digits, '.', '-', '_'.
Status CheckName(std::string_view what, std::string_view name);

// The tenant: its GUID or one of its verified domains (contoso.onmicrosoft.com).
Status CheckTenant(std::string_view tenant);

// Authority host and Graph base: absolute https URLs (Entra and Graph refuse
// anything else, and so do Microsoft's own libraries).
Status CheckHttpsUrl(std::string_view what, std::string_view url);

// True if one of `roles` has the template id `role`.
bool HasRole(const std::vector<DirectoryRole>& roles, std::string_view role);

}  // namespace ark::org::rules
