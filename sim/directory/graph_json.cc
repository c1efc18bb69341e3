// Graph JSON for users, groups, roles, the organization, service principals and app role assignments.
#include "directory/graph_json.h"

#include <set>
#include <string>

#include "http/headers.h"
#include "tenant/serialize.h"

namespace m365sim::directory {
namespace {

nlohmann::ordered_json NullIfEmpty(const std::string& s) {
  return s.empty() ? nlohmann::ordered_json() : nlohmann::ordered_json(s);
}

// Graph writes directory timestamps without fraction: "2024-03-04T09:00:00Z".
std::string Time(tenant::Time t) { return tenant::FormatTime(t); }

}  // namespace

nlohmann::ordered_json UserJson(const tenant::User& u) {
  return {{"businessPhones", u.business_phones},
          {"displayName", u.display_name},
          {"givenName", NullIfEmpty(u.given_name)},
          {"jobTitle", NullIfEmpty(u.job_title)},
          {"mail", NullIfEmpty(u.mail)},
          {"mobilePhone", NullIfEmpty(u.mobile_phone)},
          {"officeLocation", NullIfEmpty(u.office_location)},
          {"preferredLanguage", NullIfEmpty(u.preferred_language)},
          {"surname", NullIfEmpty(u.surname)},
          {"userPrincipalName", u.user_principal_name},
          {"id", u.id}};
}

nlohmann::ordered_json GroupJson(const tenant::Group& g) {
  nlohmann::ordered_json options = nlohmann::ordered_json::array();
  if (g.has_team) options.push_back("Team");
  return {{"id", g.id},
          {"deletedDateTime", nullptr},
          {"classification", nullptr},
          {"createdDateTime", Time(g.created)},
          {"description", NullIfEmpty(g.description)},
          {"displayName", g.display_name},
          {"groupTypes", g.group_types},
          {"mail", NullIfEmpty(g.mail)},
          {"mailEnabled", g.mail_enabled},
          {"mailNickname", g.mail_nickname},
          {"resourceProvisioningOptions", options},
          {"securityEnabled", g.security_enabled},
          {"visibility", NullIfEmpty(g.visibility)}};
}

nlohmann::ordered_json DirectoryRoleJson(const tenant::DirectoryRole& r) {
  return {{"id", r.id},
          {"deletedDateTime", nullptr},
          {"description", r.description},
          {"displayName", r.display_name},
          {"roleTemplateId", r.role_template_id}};
}

nlohmann::ordered_json OrganizationJson(const tenant::Organization& o) {
  nlohmann::ordered_json domains = nlohmann::ordered_json::array();
  for (const auto& d : o.domains) {
    domains.push_back({{"capabilities", d.is_initial ? "Email, OfficeCommunicationsOnline" : "Email"},
                       {"isDefault", d.is_default},
                       {"isInitial", d.is_initial},
                       {"name", d.name},
                       {"type", d.authentication_type}});
  }
  return {{"id", o.id},
          {"deletedDateTime", nullptr},
          {"businessPhones", {"425-555-0100"}},
          {"city", o.city},
          {"country", nullptr},
          {"countryLetterCode", o.country_letter_code},
          {"createdDateTime", Time(o.created)},
          {"defaultUsageLocation", nullptr},
          {"displayName", o.display_name},
          {"isMultipleDataLocationsForServicesEnabled", nullptr},
          {"marketingNotificationEmails", nlohmann::ordered_json::array()},
          {"onPremisesLastSyncDateTime", nullptr},
          {"onPremisesSyncEnabled", nullptr},
          {"postalCode", o.postal_code},
          {"preferredLanguage", "en"},
          {"securityComplianceNotificationMails", nlohmann::ordered_json::array()},
          {"securityComplianceNotificationPhones", nlohmann::ordered_json::array()},
          {"state", o.state},
          {"street", o.street},
          {"technicalNotificationMails", {"admin@" + o.InitialDomain()}},
          {"tenantType", "AAD"},
          {"directorySizeQuota", {{"used", 1000}, {"total", 300000}}},
          {"privacyProfile", nullptr},
          {"assignedPlans", nlohmann::ordered_json::array()},
          {"onPremisesSyncStatus", nlohmann::ordered_json::array()},
          {"provisionedPlans", nlohmann::ordered_json::array()},
          {"verifiedDomains", domains}};
}

nlohmann::ordered_json ServicePrincipalJson(const tenant::ServicePrincipal& sp) {
  nlohmann::ordered_json roles = nlohmann::ordered_json::array();
  for (const auto& r : sp.app_roles) {
    roles.push_back({{"allowedMemberTypes", r.allowed_member_types},
                     {"description", r.description},
                     {"displayName", r.display_name},
                     {"id", r.id},
                     {"isEnabled", r.is_enabled},
                     {"origin", "Application"},
                     {"value", r.value}});
  }
  nlohmann::ordered_json scopes = nlohmann::ordered_json::array();
  for (const auto& s : sp.oauth2_permission_scopes) {
    scopes.push_back({{"adminConsentDescription", s.admin_consent_description},
                      {"adminConsentDisplayName", s.admin_consent_display_name},
                      {"id", s.id},
                      {"isEnabled", s.is_enabled},
                      {"type", s.type},
                      {"userConsentDescription", s.user_consent_description},
                      {"userConsentDisplayName", s.user_consent_display_name},
                      {"value", s.value}});
  }
  return {{"id", sp.id},
          {"deletedDateTime", nullptr},
          {"accountEnabled", sp.account_enabled},
          {"alternativeNames", nlohmann::ordered_json::array()},
          {"appDisplayName", sp.display_name},
          {"appDescription", nullptr},
          {"appId", sp.app_id},
          {"applicationTemplateId", nullptr},
          {"appOwnerOrganizationId", sp.app_owner_organization_id},
          {"appRoleAssignmentRequired", sp.app_role_assignment_required},
          {"createdDateTime", Time(sp.created)},
          {"description", nullptr},
          {"disabledByMicrosoftStatus", nullptr},
          {"displayName", sp.display_name},
          {"homepage", nullptr},
          {"loginUrl", nullptr},
          {"logoutUrl", nullptr},
          {"notes", nullptr},
          {"notificationEmailAddresses", nlohmann::ordered_json::array()},
          {"preferredSingleSignOnMode", nullptr},
          {"preferredTokenSigningKeyThumbprint", nullptr},
          {"replyUrls", sp.reply_urls},
          {"servicePrincipalNames", sp.service_principal_names},
          {"servicePrincipalType", sp.service_principal_type},
          {"signInAudience", "AzureADMyOrg"},
          {"tags", nlohmann::ordered_json::array()},
          {"tokenEncryptionKeyId", nullptr},
          {"info", nullptr},
          {"samlSingleSignOnSettings", nullptr},
          {"addIns", nlohmann::ordered_json::array()},
          {"appRoles", roles},
          {"keyCredentials", nlohmann::ordered_json::array()},
          {"oauth2PermissionScopes", scopes},
          {"passwordCredentials", nlohmann::ordered_json::array()},
          {"resourceSpecificApplicationPermissions", nlohmann::ordered_json::array()},
          {"verifiedPublisher",
           {{"displayName", nullptr}, {"verifiedPublisherId", nullptr}, {"addedDateTime", nullptr}}}};
}

nlohmann::ordered_json AppRoleAssignmentJson(const tenant::AppRoleAssignment& a) {
  return {{"id", a.id},
          {"deletedDateTime", nullptr},
          {"appRoleId", a.app_role_id},
          {"createdDateTime", tenant::FormatTime(a.created)},
          {"principalDisplayName", a.principal_display_name},
          {"principalId", a.principal_id},
          {"principalType", a.principal_type},
          {"resourceDisplayName", a.resource_display_name},
          {"resourceId", a.resource_id}};
}

nlohmann::ordered_json SelectProperties(const nlohmann::ordered_json& object, std::string_view select) {
  if (select.empty()) return object;
  std::set<std::string> wanted;
  size_t pos = 0;
  while (pos <= select.size()) {
    size_t comma = select.find(',', pos);
    if (comma == std::string_view::npos) comma = select.size();
    std::string name(select.substr(pos, comma - pos));
    while (!name.empty() && name.front() == ' ') name.erase(name.begin());
    while (!name.empty() && name.back() == ' ') name.pop_back();
    if (!name.empty()) wanted.insert(name);
    pos = comma + 1;
  }
  nlohmann::ordered_json out = nlohmann::ordered_json::object();
  for (const auto& [key, value] : object.items()) {
    bool keep = key.starts_with("@odata.") || key == "id";
    for (const auto& w : wanted) keep = keep || http::EqualsIgnoreCase(w, key);
    if (keep) out[key] = value;
  }
  return out;
}

}  // namespace m365sim::directory
