// Printing the sign-in instructions and reading the pasted authorization code (see sign_in.h).
#include "cli/sign_in.h"

#include "cli/prompt.h"

namespace ark::cli {

Result<org::SignedInAccount> InteractiveSignIn(org::TenantSession& session,
                                               const org::Organization& organization,
                                               const InteractiveSignInOptions& o) {
  Prompter say(false);
  if (!o.why.empty()) say.Say(o.why);
  if (o.device_code) {
    ARK_ASSIGN_OR_RETURN(identity::DeviceCode code, session.StartDeviceCode(o.scopes));
    say.Say("Authorize: sign in as " + o.who + " on any device with a browser.");
    say.Say(code.message.empty() ? "Open " + code.verification_uri + " and enter the code " + code.user_code
                                 : code.message);
    return session.FinishDeviceCode(code);
  }
  identity::AuthorizationRequest request =
      session.BeginSignIn(o.scopes, organization.EffectiveRedirectUri(), o.login_hint, o.prompt);
  say.Say(
      "Authorize: sign out of every Office 365 account in your browser, then open this address and sign in "
      "as " +
      o.who + " (enter the verification code if MFA is enforced):");
  say.Say("");
  say.Say("  " + request.url);
  say.Say("");
  say.Say(
      "Copy the authorization code shown at the end (or the whole address of that page), paste it here and "
      "press Enter:");
  ARK_ASSIGN_OR_RETURN(std::string pasted, ReadStdinLine("the authorization code"));
  if (pasted.empty()) return Cancelled("no authorization code was pasted; nothing was changed");
  return session.FinishSignIn(request, pasted, o.scopes);
}

}  // namespace ark::cli
