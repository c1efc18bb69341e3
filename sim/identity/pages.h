// The HTML pages of the sign-in experience: sign-in, MFA code, consent, "copy this code", device code,
// errors.
//
// Plain server-rendered HTML forms, so that a person, a headless browser or a
// test posting forms can drive them. Every form carries the flow id in a
// hidden "flow" field; field names: "loginfmt" and "passwd" (sign-in), "otc"
// (MFA and device codes), "decision" = "accept" | "cancel" and "consent_org"
// (consent). docs/m365sim.md describes the pages.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "http/url.h"

namespace m365sim::identity::pages {

struct Permission {
  std::string value;
  std::string display_name;
  std::string description;
  bool admin_only = false;
};

std::string SignIn(std::string_view action, std::string_view flow, std::string_view app_name,
                   std::string_view login_hint, std::string_view error);
std::string MfaCode(std::string_view action, std::string_view flow, std::string_view masked_phone,
                    std::string_view error);
std::string Consent(std::string_view action, std::string_view flow, std::string_view app_name,
                    std::string_view user_upn, const std::vector<Permission>& permissions,
                    bool offer_org_consent, bool admin_consent);
std::string NeedAdminApproval(std::string_view app_name, std::string_view error_line);
std::string CopyCode(std::string_view code, std::string_view state);
std::string DeviceCodeEntry(std::string_view action, std::string_view error);
std::string DeviceSignedIn(std::string_view app_name);
std::string DeviceDeclined(std::string_view app_name);
std::string SignedOut();
std::string Error(std::string_view error_line, std::string_view detail);
// An auto-submitting form that posts `fields` to `action` (response_mode=form_post).
std::string FormPost(std::string_view action, const http::Params& fields);

}  // namespace m365sim::identity::pages
