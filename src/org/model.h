// The configuration Ark365 keeps about Microsoft 365 organizations and backup sets.
//
// Plain value types, saved and loaded whole by a ConfigStore (store.h). They
// hold no secret values: a credential is referenced by the id of its
// encrypted row (see vault.h), so these types can be copied, logged and
// turned into JSON freely.
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "core/time.h"

namespace ark::org {

// A Microsoft 365 service an organization is protected for (the seed's
// "organization deployment type").
enum class Service { kExchange, kSharePoint, kOneDrive, kTeams };
using ServiceSet = std::set<Service>;

// What a backup set copies, each switched on or off.
enum class Workload { kMail, kArchive, kCalendar, kContacts, kOneDrive, kSites, kTeams };
using WorkloadSet = std::set<Workload>;

// How a backup set signs in (seed 002). Basic is deprecated.
enum class AuthMode { kBasic, kHybrid, kModern };

// How an application proves who it is to Entra ID (seed 001 step 4.2).
enum class CredentialKind { kSecret, kCertificate };

// The objects a backup set selects.
enum class ObjectKind { kUser, kGroup, kSite, kPersonalSite, kTeam };

// Lower-case names used on the command line, in JSON and in the database.
std::string_view ServiceName(Service s);
std::string_view WorkloadName(Workload w);
std::string_view AuthModeName(AuthMode m);
std::string_view CredentialKindName(CredentialKind k);
std::string_view ObjectKindName(ObjectKind k);
Result<Service> ParseService(std::string_view name);
Result<Workload> ParseWorkload(std::string_view name);
Result<AuthMode> ParseAuthMode(std::string_view name);
Result<ObjectKind> ParseObjectKind(std::string_view name);
// "exchange,sharepoint": comma-separated, no duplicates, not empty.
Result<ServiceSet> ParseServiceList(std::string_view list);
Result<WorkloadSet> ParseWorkloadList(std::string_view list);
std::string JoinServices(const ServiceSet& services);
std::string JoinWorkloads(const WorkloadSet& workloads);

inline constexpr Service kAllServices[] = {Service::kExchange, Service::kSharePoint, Service::kOneDrive,
                                           Service::kTeams};
inline constexpr Workload kAllWorkloads[] = {Workload::kMail,     Workload::kArchive,  Workload::kCalendar,
                                             Workload::kContacts, Workload::kOneDrive, Workload::kSites,
                                             Workload::kTeams};

// Where an organization's cloud lives. Microsoft's public cloud by default;
// national clouds and the emulator are just other values.
struct CloudEndpoints {
  static constexpr std::string_view kPublicAuthorityHost = "https://login.microsoftonline.com";
  static constexpr std::string_view kPublicGraphBase = "https://graph.microsoft.com/v1.0";

  std::string authority_host{kPublicAuthorityHost};
  std::string graph_base{kPublicGraphBase};
  // A PEM bundle of CAs to trust instead of the system's; unset = system bundle.
  std::optional<std::string> ca_file;
};

// The Entra ID application registration and how it authenticates.
struct AppCredential {
  std::string app_id;  // the Application (client) ID, a GUID
  CredentialKind kind = CredentialKind::kSecret;
  std::optional<std::string> secret_id;      // kSecret: id of the encrypted application secret
  std::optional<SystemTime> secret_expires;  // when the administrator told us
  std::optional<std::string> certificate;    // kCertificate: SHA-1 thumbprint (hex) in the certificate store
};

// One set of credentials and the services it is used for. With "same
// credentials" an organization has one profile ("primary") for every
// service; otherwise SharePoint, OneDrive and Teams use a second one
// ("separate"), as in the seed's extra wizard step.
struct CredentialProfile {
  std::string name;
  AppCredential app;
  // The Exchange account of seed 001 step 4 (UPN), when one was given; its
  // password lives with the account (Account).
  std::optional<std::string> account;
  ServiceSet services;
};

inline constexpr std::string_view kPrimaryProfile = "primary";
inline constexpr std::string_view kSeparateProfile = "separate";

struct Organization {
  int64_t id = 0;
  std::string name;          // chosen by the administrator; unique, case-insensitive
  std::string tenant;        // as entered: tenant GUID or a verified domain
  std::string tenant_id;     // the GUID read from /organization once verified
  std::string display_name;  // from /organization
  std::string default_domain;
  CloudEndpoints endpoints;
  ServiceSet services;
  bool same_credentials = true;
  std::vector<CredentialProfile> profiles;  // the primary profile first
  // The application used for delegated sign-in (Hybrid and Modern
  // authorization); empty means the primary profile's application.
  std::string sign_in_app_id;
  // Where the sign-in page sends the user back; empty means the native-client
  // page of the authority host, which shows the code for the user to copy.
  std::string redirect_uri;
  std::optional<SystemTime> verified_at;         // last successful `org test` (steps 2-3)
  std::vector<std::string> missing_permissions;  // found by that test
  SystemTime created_at{};
  SystemTime updated_at{};

  const CredentialProfile* Profile(std::string_view name) const;
  // The profile that serves `service` (the primary one when none is mapped).
  const CredentialProfile& ProfileFor(Service service) const;
  std::string EffectiveSignInAppId() const;
  std::string EffectiveRedirectUri() const;
};

// A directory role an account holds, by its template id (the same in every tenant).
struct DirectoryRole {
  std::string template_id;
  std::string display_name;
};

// An Office 365 account of an organization: the seed's Exchange account and
// the account a backup set belongs to.
struct Account {
  int64_t id = 0;
  int64_t org_id = 0;
  std::string upn;
  std::optional<std::string> password_secret_id;  // app password (Basic mode, grants)
  std::optional<bool> mfa_required;               // learnt from a password sign-in
  std::vector<DirectoryRole> roles;               // learnt at the last sign-in
  std::optional<SystemTime> checked_at;
};

// What `set migrate-auth` stores once per Office 365 account and every backup
// set of that account reuses.
struct Authorization {
  int64_t id = 0;
  int64_t account_id = 0;
  AuthMode mode = AuthMode::kHybrid;                   // kHybrid or kModern
  std::string signed_in_upn;                           // who signed in (a Global Administrator for Modern)
  std::optional<std::string> refresh_token_secret_id;  // Hybrid: the delegated refresh token
  std::vector<std::string> scopes;                     // granted delegated scopes or consented roles
  SystemTime authorized_at{};
  std::optional<SystemTime> renewed_at;
};

// Which users, groups, sites, personal sites and teams a set protects: an
// ordered list of include/exclude patterns per kind. "*" selects all;
// otherwise a pattern is a name (UPN, group or team name, site URL or name)
// with * and ? wildcards, matched case-insensitively. Excludes win.
struct SelectionRule {
  ObjectKind kind = ObjectKind::kUser;
  bool exclude = false;
  std::string pattern;
  friend bool operator==(const SelectionRule&, const SelectionRule&) = default;
};

// Include/exclude rules inside a workload: mail folders ("Inbox/Archive/*"),
// file or folder patterns ("*.tmp", "/Shared Documents/Temp/*").
struct ItemRule {
  bool exclude = true;
  Workload workload = Workload::kMail;
  std::string pattern;
  friend bool operator==(const ItemRule&, const ItemRule&) = default;
};

struct BackupSet {
  int64_t id = 0;
  std::string name;
  int64_t org_id = 0;
  std::string org_name;
  std::string account;  // UPN of the Office 365 account the set belongs to
  AuthMode auth_mode = AuthMode::kModern;
  std::vector<SelectionRule> selection;
  WorkloadSet workloads;
  std::vector<ItemRule> item_rules;
  std::string schedule;    // canonical text, see schedule.h
  std::string retention;   // canonical text, see retention.h
  std::string repository;  // location of the repository
  SystemTime created_at{};
  SystemTime updated_at{};

  bool Selects(ObjectKind kind) const;
};

// A repository location and, when given, its encrypted password.
struct RepositoryEntry {
  std::string location;
  std::optional<std::string> password_secret_id;
};

// A certificate installed in Ark365's certificate store ("Install" in the seed).
struct StoredCertificate {
  std::string sha1;    // upper-case hex, the thumbprint Entra ID and Windows show
  std::string sha256;  // upper-case hex
  std::string subject;
  std::string issuer;
  std::string serial;
  SystemTime not_before{};
  SystemTime not_after{};
  int key_bits = 0;
  std::string certificate_pem;  // the certificate (public)
  std::string private_key_secret_id;
  SystemTime imported_at{};
};

// An encrypted secret as stored (vault.h defines the box format).
struct SealedSecret {
  std::string id;       // random UUID, bound into the ciphertext
  std::string purpose;  // "app-secret", "app-password", "refresh-token", "private-key", "repository-password"
  std::string box;
  SystemTime updated_at{};
};

}  // namespace ark::org
