// TenantToJson and its pieces.
#include "tenant/serialize.h"

#include "core/encoding.h"
#include "core/time.h"
#include "tenant/roles.h"

namespace m365sim::tenant {

std::string FormatTime(Time t) { return ark::FormatRfc3339(t); }

const char* MfaStateName(MfaState state) {
  switch (state) {
    case MfaState::kNone:
      return "none";
    case MfaState::kEnabled:
      return "enabled";
    case MfaState::kRegistrationRequired:
      return "registration-required";
  }
  return "none";
}

nlohmann::ordered_json UserToJson(const User& u) {
  nlohmann::ordered_json roles = nlohmann::ordered_json::array();
  for (const auto& id : u.role_template_ids) {
    const auto* t = FindDirectoryRoleTemplate(id);
    roles.push_back(t ? std::string(t->display_name) : id);
  }
  return {{"id", u.id},
          {"userPrincipalName", u.user_principal_name},
          {"displayName", u.display_name},
          {"givenName", u.given_name},
          {"surname", u.surname},
          {"mail", u.mail},
          {"jobTitle", u.job_title},
          {"department", u.department},
          {"accountEnabled", u.account_enabled},
          {"licensed", u.licensed},
          {"createdDateTime", FormatTime(u.created)},
          {"purpose", u.purpose},
          {"password", u.password},
          {"mfa", MfaStateName(u.mfa)},
          {"mfaPhone", u.mfa_phone},
          {"federated", u.federated},
          {"cloudPasswordValidation", u.cloud_password_validation},
          {"roles", roles},
          {"roleTemplateIds", u.role_template_ids}};
}

nlohmann::ordered_json ApplicationToJson(const Application& a) {
  nlohmann::ordered_json secrets = nlohmann::ordered_json::array();
  for (const auto& s : a.password_credentials) {
    secrets.push_back({{"keyId", s.key_id},
                       {"displayName", s.display_name},
                       {"hint", s.hint},
                       {"secretText", s.secret_text},
                       {"startDateTime", FormatTime(s.start)},
                       {"endDateTime", FormatTime(s.end)}});
  }
  nlohmann::ordered_json keys = nlohmann::ordered_json::array();
  for (const auto& k : a.key_credentials) {
    keys.push_back({{"keyId", k.key_id},
                    {"displayName", k.display_name},
                    {"type", k.type},
                    {"usage", k.usage},
                    {"thumbprintSha1", ark::HexEncode(k.thumbprint_sha1)},
                    {"thumbprintSha256", ark::HexEncode(k.thumbprint_sha256)},
                    {"startDateTime", FormatTime(k.start)},
                    {"endDateTime", FormatTime(k.end)}});
  }
  nlohmann::ordered_json required = nlohmann::ordered_json::array();
  for (const auto& r : a.required_resource_access) {
    required.push_back({{"resourceAppId", r.resource_app_id}, {"id", r.id}, {"type", r.type}});
  }
  return {{"id", a.id},
          {"appId", a.app_id},
          {"displayName", a.display_name},
          {"purpose", a.purpose},
          {"isFallbackPublicClient", a.is_fallback_public_client},
          {"webRedirectUris", a.web_redirect_uris},
          {"publicClientRedirectUris", a.public_client_redirect_uris},
          {"passwordCredentials", secrets},
          {"keyCredentials", keys},
          {"requiredResourceAccess", required},
          {"createdDateTime", FormatTime(a.created)}};
}

nlohmann::ordered_json TenantToJson(const Tenant& t) {
  nlohmann::ordered_json j;
  const auto& o = t.organization;
  nlohmann::ordered_json domains = nlohmann::ordered_json::array();
  for (const auto& d : o.domains) {
    domains.push_back({{"name", d.name},
                       {"isDefault", d.is_default},
                       {"isInitial", d.is_initial},
                       {"authenticationType", d.authentication_type}});
  }
  j["seed"] = t.seed;
  j["organization"] = {{"id", o.id},
                       {"displayName", o.display_name},
                       {"domains", domains},
                       {"city", o.city},
                       {"street", o.street},
                       {"postalCode", o.postal_code},
                       {"state", o.state},
                       {"countryLetterCode", o.country_letter_code},
                       {"createdDateTime", FormatTime(o.created)}};
  j["users"] = nlohmann::ordered_json::array();
  for (const auto& u : t.users) j["users"].push_back(UserToJson(u));
  j["groups"] = nlohmann::ordered_json::array();
  for (const auto& g : t.groups) {
    j["groups"].push_back({{"id", g.id},
                           {"displayName", g.display_name},
                           {"mailNickname", g.mail_nickname},
                           {"mail", g.mail},
                           {"groupTypes", g.group_types},
                           {"securityEnabled", g.security_enabled},
                           {"mailEnabled", g.mail_enabled},
                           {"visibility", g.visibility},
                           {"hasTeam", g.has_team},
                           {"createdDateTime", FormatTime(g.created)},
                           {"memberIds", g.member_ids},
                           {"ownerIds", g.owner_ids}});
  }
  j["directoryRoles"] = nlohmann::ordered_json::array();
  for (const auto& r : t.directory_roles) {
    j["directoryRoles"].push_back(
        {{"id", r.id}, {"roleTemplateId", r.role_template_id}, {"displayName", r.display_name}});
  }
  j["applications"] = nlohmann::ordered_json::array();
  for (const auto& a : t.applications) j["applications"].push_back(ApplicationToJson(a));
  j["servicePrincipals"] = nlohmann::ordered_json::array();
  for (const auto& s : t.service_principals) {
    j["servicePrincipals"].push_back({{"id", s.id},
                                      {"appId", s.app_id},
                                      {"displayName", s.display_name},
                                      {"appOwnerOrganizationId", s.app_owner_organization_id},
                                      {"appRoleCount", s.app_roles.size()},
                                      {"scopeCount", s.oauth2_permission_scopes.size()}});
  }
  j["appRoleAssignments"] = nlohmann::ordered_json::array();
  for (const auto& a : t.app_role_assignments) {
    j["appRoleAssignments"].push_back({{"id", a.id},
                                       {"appRoleId", a.app_role_id},
                                       {"principalId", a.principal_id},
                                       {"principalDisplayName", a.principal_display_name},
                                       {"resourceId", a.resource_id},
                                       {"createdDateTime", FormatTime(a.created)}});
  }
  j["oauth2PermissionGrants"] = nlohmann::ordered_json::array();
  for (const auto& g : t.oauth2_permission_grants) {
    j["oauth2PermissionGrants"].push_back({{"id", g.id},
                                           {"clientId", g.client_id},
                                           {"consentType", g.consent_type},
                                           {"principalId", g.principal_id},
                                           {"resourceId", g.resource_id},
                                           {"scope", g.scope}});
  }
  return j;
}

}  // namespace m365sim::tenant
