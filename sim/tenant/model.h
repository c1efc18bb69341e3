// The tenant model: one Entra ID directory (organization, users, groups, roles, apps and their grants).
//
// Plain data, shaped after Microsoft Graph's directory resources, plus the
// emulator-only facts a real directory hides (passwords, MFA state, secret
// values). Part 2 of the emulator attaches mailboxes, drives, sites and teams
// to users and groups by their `id`; ids never change once generated.
// Not thread-safe by itself: share it through TenantStore.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace m365sim::tenant {

using Time = std::chrono::system_clock::time_point;

// Microsoft Graph's application id, the resource of every Graph permission.
inline constexpr std::string_view kGraphAppId = "00000003-0000-0000-c000-000000000000";
// The role template every member user holds ("User"); real tokens list it in `wids`.
inline constexpr std::string_view kDefaultUserRoleTemplateId = "b79fbf4d-3ef9-4689-8143-76b194e85509";

struct Domain {
  std::string name;
  bool is_default = false;
  bool is_initial = false;
  std::string authentication_type = "Managed";  // or "Federated" (AD FS)
};

struct Organization {
  std::string id;  // the tenant id
  std::string display_name;
  std::vector<Domain> domains;
  std::string country_letter_code = "US";
  std::string city;
  std::string street;
  std::string postal_code;
  std::string state;
  Time created;

  // "<name>.onmicrosoft.com".
  const std::string& InitialDomain() const;
};

enum class MfaState {
  kNone,                  // password only
  kEnabled,               // registered: a code is sent to the phone at sign-in
  kRegistrationRequired,  // enforced but not registered yet (AADSTS50079 in non-interactive flows)
};

struct User {
  std::string id;
  std::string user_principal_name;
  std::string display_name;
  std::string given_name;
  std::string surname;
  std::string mail;
  std::string mail_nickname;
  std::string job_title;
  std::string department;
  std::string office_location;
  std::string mobile_phone;
  std::vector<std::string> business_phones;
  std::string usage_location = "US";
  std::string preferred_language = "en-US";
  std::string user_type = "Member";
  bool account_enabled = true;
  Time created;
  // Has the licences that give a mailbox and a OneDrive (part 2 attaches them).
  bool licensed = true;

  // Sign-in facts, emulator-only.
  std::string password;
  MfaState mfa = MfaState::kNone;
  std::string mfa_phone;  // "+1 425 555 0123"; the MFA page shows it masked
  // The UPN's domain is federated (AD FS): the cloud cannot check the password
  // unless password hash sync + AllowCloudPasswordValidation are on, the seed's
  // "non-MFA ADFS account" case that may use the password grant.
  bool federated = false;
  bool cloud_password_validation = false;
  // Directory roles held, by role template id (see roles.h).
  std::vector<std::string> role_template_ids;
  // Emulator-only: the test case this account exists for ("global-admin",
  // "mfa", "federated", "disabled", ... or "member" for generated users).
  std::string purpose;
};

struct Group {
  std::string id;
  std::string display_name;
  std::string description;
  std::string mail_nickname;
  std::string mail;  // empty when not mail-enabled
  bool mail_enabled = false;
  bool security_enabled = true;
  std::vector<std::string> group_types;  // {"Unified"} for Microsoft 365 groups
  std::string visibility;                // "Public", "Private" or "" for security groups
  bool has_team = false;                 // resourceProvisioningOptions contains "Team"
  Time created;
  std::vector<std::string> member_ids;  // user ids
  std::vector<std::string> owner_ids;
};

// An activated directory role (Graph `directoryRole`); its members are the
// users whose role_template_ids contain role_template_id.
struct DirectoryRole {
  std::string id;
  std::string role_template_id;
  std::string display_name;
  std::string description;
};

struct PasswordCredential {
  std::string key_id;
  std::string display_name;
  std::string secret_text;  // the value a client sends; Graph shows only `hint`
  std::string hint;         // first three characters
  Time start;
  Time end;
};

struct KeyCredential {
  std::string key_id;
  std::string display_name;
  std::string type = "AsymmetricX509Cert";
  std::string usage = "Verify";
  std::string certificate_der;
  std::string thumbprint_sha1;    // raw bytes ("customKeyIdentifier" on Graph, "x5t" in assertions)
  std::string thumbprint_sha256;  // raw bytes ("x5t#S256")
  Time start;
  Time end;
};

// A permission the app asks for (Graph `requiredResourceAccess`).
struct RequiredPermission {
  std::string resource_app_id;
  std::string id;    // app role id or permission scope id
  std::string type;  // "Role" (application) or "Scope" (delegated)
};

struct Application {
  std::string id;      // object id
  std::string app_id;  // client id
  std::string display_name;
  std::string sign_in_audience = "AzureADMyOrg";
  bool is_fallback_public_client = false;  // "Allow public client flows"
  std::vector<std::string> web_redirect_uris;
  std::vector<std::string> public_client_redirect_uris;
  std::vector<PasswordCredential> password_credentials;
  std::vector<KeyCredential> key_credentials;
  std::vector<RequiredPermission> required_resource_access;
  Time created;
  // Emulator-only: which test case this app exists for ("backup", "unconsented", ...).
  std::string purpose;
};

struct AppRole {
  std::string id;
  std::string value;  // "Mail.Read"
  std::string display_name;
  std::string description;
  std::vector<std::string> allowed_member_types{"Application"};
  bool is_enabled = true;
};

struct PermissionScope {
  std::string id;
  std::string value;  // "Mail.Read"
  std::string admin_consent_display_name;
  std::string admin_consent_description;
  std::string user_consent_display_name;
  std::string user_consent_description;
  std::string type = "User";  // "Admin": only an administrator may consent
  bool is_enabled = true;
};

struct ServicePrincipal {
  std::string id;
  std::string app_id;
  std::string display_name;
  std::string app_owner_organization_id;
  std::string service_principal_type = "Application";
  bool account_enabled = true;
  bool app_role_assignment_required = false;
  std::vector<std::string> service_principal_names;
  std::vector<std::string> reply_urls;
  std::vector<AppRole> app_roles;
  std::vector<PermissionScope> oauth2_permission_scopes;
  Time created;
};

// An application permission granted to a principal (Graph `appRoleAssignment`).
struct AppRoleAssignment {
  std::string id;  // 43-character base64url, as Graph's
  std::string app_role_id;
  std::string principal_id;
  std::string principal_type = "ServicePrincipal";
  std::string principal_display_name;
  std::string resource_id;  // the resource's service principal id
  std::string resource_display_name;
  Time created;
};

// Delegated permissions consented for a client (Graph `oAuth2PermissionGrant`).
struct OAuth2PermissionGrant {
  std::string id;
  std::string client_id;     // the client's service principal id
  std::string consent_type;  // "AllPrincipals" (admin consent) or "Principal"
  std::string principal_id;  // the user, for "Principal"
  std::string resource_id;   // the resource's service principal id
  std::string scope;         // space-separated values: "User.Read Mail.Read"
};

struct Tenant {
  uint64_t seed = 0;
  Organization organization;
  std::vector<User> users;
  std::vector<Group> groups;
  std::vector<DirectoryRole> directory_roles;
  std::vector<Application> applications;
  std::vector<ServicePrincipal> service_principals;
  std::vector<AppRoleAssignment> app_role_assignments;
  std::vector<OAuth2PermissionGrant> oauth2_permission_grants;

  // Lookups; nullptr when absent. Users match by id or (case-insensitively) UPN.
  const User* FindUser(std::string_view id_or_upn) const;
  User* FindUser(std::string_view id_or_upn);
  const Group* FindGroup(std::string_view id) const;
  const Application* FindApplicationByAppId(std::string_view app_id) const;
  Application* FindApplicationByAppId(std::string_view app_id);
  const ServicePrincipal* FindServicePrincipal(std::string_view id) const;
  const ServicePrincipal* FindServicePrincipalByAppId(std::string_view app_id) const;
  const ServicePrincipal* GraphServicePrincipal() const { return FindServicePrincipalByAppId(kGraphAppId); }
  // Whether `name` is one of the tenant's domains (case-insensitive), and which.
  const Domain* FindDomain(std::string_view name) const;
  // True for the tenant id or any of its domains: the {tenant} path segment.
  bool Matches(std::string_view tenant_segment) const;

  // Values of the Graph application permissions granted to service principal `sp_id`.
  std::vector<std::string> GrantedGraphAppRoles(std::string_view sp_id) const;
  // Graph delegated scopes consented for client `sp_id` and user `user_id`
  // (tenant-wide grants plus the user's own).
  std::vector<std::string> GrantedGraphScopes(std::string_view sp_id, std::string_view user_id) const;
  // Groups `user_id` is a direct member of.
  std::vector<const Group*> GroupsOf(std::string_view user_id) const;
};

}  // namespace m365sim::tenant
