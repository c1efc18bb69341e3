// The interactive sign-in of seed 002 in a terminal: print the URL (Authorize), read the pasted code, finish.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/status.h"
#include "org/model.h"
#include "org/tenant_session.h"

namespace ark::cli {

struct InteractiveSignInOptions {
  std::vector<std::string> scopes;
  std::string who;  // "admin@contoso.com", "a Global Administrator of contoso"
  std::optional<std::string> login_hint;
  bool device_code = false;
  std::string prompt = "select_account";
  std::string why;  // a sentence printed before the instructions, when set
};

// Instructions go to stderr; the code (or the whole address of the page that
// shows it) is read from stdin, so a script can paste it too.
Result<org::SignedInAccount> InteractiveSignIn(org::TenantSession& session,
                                               const org::Organization& organization,
                                               const InteractiveSignInOptions& options);

}  // namespace ark::cli
