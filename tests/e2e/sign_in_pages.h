// Test support: a person at a browser, driving m365sim's sign-in, MFA and consent pages by their forms.
#pragma once

#include <string>

#include "core/status.h"
#include "e2e/sim_fixture.h"

namespace ark::testing {

struct BrowserSignIn {
  std::string upn;
  std::string password;
  bool accept_consent = true;
};

// Opens `authorize_url`, signs in (reading the MFA code through the admin
// API when asked, as from the user's phone), accepts or declines consent,
// and returns the address the browser ends on: the redirect URI with `code`
// and `state` (or `error`), which a user would copy.
Result<std::string> SignInWithBrowser(Sim& sim, const std::string& authorize_url, const BrowserSignIn& who);

}  // namespace ark::testing
