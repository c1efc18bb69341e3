// The tenant generator: a whole directory, deterministic from a seed.
//
// Same seed and size, same tenant: every id, name, password, secret and date
// is drawn from SeededRandom streams derived per entity ("user/17",
// "app/ark365-backup/secret"), so adding users does not change the others.
// Dates are anchored at a fixed instant, never at the current time.
// Certificates are not generated here: their keys live in the state directory
// and are attached at start (serve/), so they are not part of the seeded bytes.
#pragma once

#include <cstdint>
#include <string_view>

#include "core/status.h"
#include "tenant/model.h"

namespace m365sim::tenant {

struct GeneratorOptions {
  uint64_t seed = 1;
  // Ordinary member users, beyond the fixed accounts of the test cases.
  int users = 25;
};

// "tiny" (3), "small" (25), "medium" (250), "large" (2500) or a number of users.
ark::Result<int> ParseTenantSize(std::string_view text);

Tenant GenerateTenant(const GeneratorOptions& options);

// Names of the generated applications (Application::purpose values).
inline constexpr std::string_view kAppBackup = "ark365-backup";
inline constexpr std::string_view kAppUnconsented = "ark365-unconsented";
inline constexpr std::string_view kAppExpiredSecret = "ark365-expired-secret";
inline constexpr std::string_view kAppCertificateOnly = "ark365-certificate-only";
inline constexpr std::string_view kAppPublicClient = "ark365-public-client";

// The redirect URI of native clients that shows the code to copy.
inline constexpr std::string_view kNativeClientRedirectUri =
    "https://login.microsoftonline.com/common/oauth2/nativeclient";

}  // namespace m365sim::tenant
