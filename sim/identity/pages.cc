// HTML of the sign-in pages: one layout, one small stylesheet, escaped values only.
#include "identity/pages.h"

namespace m365sim::identity::pages {
namespace {

using http::HtmlEscape;

std::string Layout(std::string_view title, std::string_view body) {
  return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + HtmlEscape(title) +
         "</title><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><style>"
         "body{font-family:'Segoe UI',Helvetica,Arial,sans-serif;background:#f2f2f2;margin:0}"
         ".box{background:#fff;max-width:440px;margin:60px auto;padding:44px;box-shadow:0 2px 6px "
         "rgba(0,0,0,.2)}"
         "h1{font-size:24px;font-weight:600;margin:0 0 "
         "16px}input[type=text],input[type=password],input[type=email]"
         "{width:100%;padding:6px 0;border:0;border-bottom:1px solid #666;font-size:15px;margin:8px 0 16px}"
         "button{background:#0067b8;color:#fff;border:0;padding:8px 28px;font-size:15px;cursor:pointer}"
         "button.secondary{background:#ccc;color:#000}.error{color:#e81123;margin:8px "
         "0}.small{font-size:13px;color:#555}"
         "li{margin:6px 0}code{font-size:18px;word-break:break-all}"
         "</style></head><body><div class=\"box\"><div class=\"small\">m365sim &middot; Microsoft identity "
         "platform "
         "emulator</div>\n" +
         std::string(body) + "\n</div></body></html>\n";
}

std::string ErrorLine(std::string_view error) {
  return error.empty() ? ""
                       : "<div class=\"error\" id=\"error\" role=\"alert\">" + HtmlEscape(error) + "</div>";
}

std::string Hidden(std::string_view name, std::string_view value) {
  return "<input type=\"hidden\" name=\"" + HtmlEscape(name) + "\" value=\"" + HtmlEscape(value) + "\">";
}

}  // namespace

std::string SignIn(std::string_view action, std::string_view flow, std::string_view app_name,
                   std::string_view login_hint, std::string_view error) {
  return Layout(
      "Sign in to your account",
      "<h1>Sign in</h1><p class=\"small\">to continue to " + HtmlEscape(app_name) + "</p>" +
          ErrorLine(error) + "<form id=\"signin\" method=\"post\" action=\"" + HtmlEscape(action) + "\">" +
          Hidden("flow", flow) +
          "<input type=\"email\" name=\"loginfmt\" placeholder=\"Email, phone, or Skype\" value=\"" +
          HtmlEscape(login_hint) +
          "\" autocomplete=\"username\"><input type=\"password\" name=\"passwd\" placeholder=\"Password\" "
          "autocomplete=\"current-password\"><button type=\"submit\">Sign in</button></form>");
}

std::string MfaCode(std::string_view action, std::string_view flow, std::string_view masked_phone,
                    std::string_view error) {
  return Layout("Enter code",
                "<h1>Enter code</h1><p>We texted your phone " + HtmlEscape(masked_phone) +
                    ". Please enter the code to sign in.</p>" + ErrorLine(error) +
                    "<form id=\"mfa\" method=\"post\" action=\"" + HtmlEscape(action) + "\">" +
                    Hidden("flow", flow) +
                    "<input type=\"text\" name=\"otc\" inputmode=\"numeric\" autocomplete=\"one-time-code\" "
                    "placeholder=\"Code\"><button type=\"submit\">Verify</button></form>");
}

std::string Consent(std::string_view action, std::string_view flow, std::string_view app_name,
                    std::string_view user_upn, const std::vector<Permission>& permissions,
                    bool offer_org_consent, bool admin_consent) {
  std::string list;
  for (const auto& p : permissions) {
    list += "<li data-permission=\"" + HtmlEscape(p.value) + "\"><b>" + HtmlEscape(p.display_name) + "</b>" +
            (p.admin_only ? " <span class=\"small\">(Admin consent required)</span>" : "") +
            "<br><span class=\"small\">" + HtmlEscape(p.description) + "</span></li>";
  }
  std::string org =
      offer_org_consent && !admin_consent
          ? "<p><label><input type=\"checkbox\" name=\"consent_org\" value=\"on\"> Consent on behalf of "
            "your organization</label></p>"
          : "";
  std::string lead = admin_consent ? "This app would like to access resources in your organization:"
                                   : "This app would like to:";
  return Layout(
      "Permissions requested",
      "<h1>Permissions requested" + std::string(admin_consent ? "<br>Review for your organization" : "") +
          "</h1><p><b>" + HtmlEscape(app_name) + "</b><br><span class=\"small\">unverified &middot; " +
          HtmlEscape(user_upn) + "</span></p><p>" + lead + "</p><ul id=\"permissions\">" + list + "</ul>" +
          "<form id=\"consent\" method=\"post\" action=\"" + HtmlEscape(action) + "\">" +
          Hidden("flow", flow) + org +
          "<button type=\"submit\" name=\"decision\" value=\"cancel\" class=\"secondary\">Cancel</button> "
          "<button type=\"submit\" name=\"decision\" value=\"accept\">Accept</button></form>");
}

std::string NeedAdminApproval(std::string_view app_name, std::string_view error_line) {
  return Layout("Need admin approval",
                "<h1>Need admin approval</h1><p>" + HtmlEscape(app_name) +
                    " needs permission to access resources in your organization that only an "
                    "admin can grant. Please ask an admin to grant permission to this app "
                    "before you can use it.</p>" +
                    ErrorLine(error_line));
}

std::string CopyCode(std::string_view code, std::string_view state) {
  return Layout(
      "Authorization code",
      "<h1>Copy this code</h1><p>Copy the authorization code below, go back to the application and paste "
      "it there.</p><p><code id=\"code\">" +
          HtmlEscape(code) + "</code></p>" +
          (state.empty()
               ? ""
               : "<p class=\"small\">state: <span id=\"state\">" + HtmlEscape(state) + "</span></p>"));
}

std::string DeviceCodeEntry(std::string_view action, std::string_view error) {
  return Layout("Enter code", "<h1>Enter code</h1><p>Enter the code displayed on your app or device.</p>" +
                                  ErrorLine(error) + "<form id=\"devicecode\" method=\"post\" action=\"" +
                                  HtmlEscape(action) +
                                  "\"><input type=\"text\" name=\"otc\" placeholder=\"Code\"><button "
                                  "type=\"submit\">Next</button></form>");
}

std::string DeviceSignedIn(std::string_view app_name) {
  return Layout(std::string(app_name),
                "<h1>" + HtmlEscape(app_name) + "</h1><p id=\"done\">You have signed in to the " +
                    HtmlEscape(app_name) + " application on your device. You may now close this window.</p>");
}

std::string DeviceDeclined(std::string_view app_name) {
  return Layout(
      std::string(app_name),
      "<h1>" + HtmlEscape(app_name) + "</h1><p id=\"declined\">You declined to sign in on the device.</p>");
}

std::string SignedOut() {
  return Layout("Signed out",
                "<h1>You signed out of your account</h1><p>It's a good idea to close all browser "
                "windows.</p>");
}

std::string Error(std::string_view error_line, std::string_view detail) {
  return Layout("Sign in to your account", "<h1>Sorry, but we're having trouble signing you in.</h1>" +
                                               ErrorLine(error_line) + "<p class=\"small\">" +
                                               HtmlEscape(detail) + "</p>");
}

std::string FormPost(std::string_view action, const http::Params& fields) {
  std::string inputs;
  for (const auto& [name, value] : fields.items()) inputs += Hidden(name, value);
  return "<!DOCTYPE html>\n<html><head><title>Working...</title></head><body "
         "onload=\"document.forms[0].submit()\">"
         "<form method=\"POST\" name=\"hiddenform\" action=\"" +
         HtmlEscape(action) + "\">" + inputs +
         "<noscript><p>Script is disabled. Click Submit to continue.</p><input type=\"submit\" "
         "value=\"Submit\">"
         "</noscript></form></body></html>\n";
}

}  // namespace m365sim::identity::pages
