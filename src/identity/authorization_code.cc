// PKCE, the /authorize URL and the parsing of a pasted code or redirect address.
#include "identity/authorization_code.h"

#include <map>

#include "core/encoding.h"
#include "core/hash.h"
#include "core/random.h"
#include "identity/token.h"

namespace ark::identity {
namespace {

std::string_view Trim(std::string_view s) {
  auto junk = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '"' || c == '\''; };
  while (!s.empty() && junk(s.front())) s.remove_prefix(1);
  while (!s.empty() && junk(s.back())) s.remove_suffix(1);
  return s;
}

// key=value pairs of a query string or fragment; nullopt if one does not decode.
std::optional<std::map<std::string, std::string>> ParseParams(std::string_view text) {
  std::map<std::string, std::string> out;
  while (!text.empty()) {
    size_t amp = text.find('&');
    std::string_view pair = text.substr(0, amp);
    text = amp == std::string_view::npos ? std::string_view() : text.substr(amp + 1);
    if (pair.empty()) continue;
    size_t eq = pair.find('=');
    std::optional<std::string> key = PercentDecode(pair.substr(0, eq));
    std::optional<std::string> value =
        PercentDecode(eq == std::string_view::npos ? std::string_view() : pair.substr(eq + 1));
    if (!key || !value) return std::nullopt;
    out[*key] = *value;
  }
  return out;
}

bool LooksLikeCode(std::string_view s) {
  if (s.size() < 8) return false;
  for (char c : s) {
    bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
              c == '_' || c == '.' || c == '~' || c == '+' || c == '/' || c == '=';
    if (!ok) return false;
  }
  return true;
}

}  // namespace

std::string PkceChallenge(std::string_view verifier) { return Base64UrlEncode(Sha256(verifier)); }

AuthorizationRequest BeginAuthorization(const Authority& authority, const AuthorizationOptions& options) {
  AuthorizationRequest r;
  r.state = Base64UrlEncode(RandomBytes(16));
  // 32 random bytes -> 43 base64url characters, the RFC 7636 minimum length.
  r.code_verifier = Secret(Base64UrlEncode(RandomBytes(32)));
  r.redirect_uri = options.redirect_uri;
  std::string url = authority.AuthorizeEndpoint() + "?client_id=" + PercentEncode(options.client_id) +
                    "&response_type=code&redirect_uri=" + PercentEncode(options.redirect_uri) +
                    "&response_mode=query&scope=" + PercentEncode(JoinScopes(options.scopes)) +
                    "&state=" + PercentEncode(r.state) +
                    "&code_challenge=" + PkceChallenge(r.code_verifier.reveal()) +
                    "&code_challenge_method=S256";
  if (options.login_hint) url += "&login_hint=" + PercentEncode(*options.login_hint);
  if (options.prompt) url += "&prompt=" + PercentEncode(*options.prompt);
  r.url = std::move(url);
  return r;
}

Result<Secret> ReadPastedAuthorizationResponse(std::string_view pasted, std::string_view expected_state) {
  std::string_view text = Trim(pasted);
  if (text.empty())
    return InvalidArgument("nothing was pasted; paste the authorization code or the whole address");
  size_t params_at = text.find_first_of("?#");
  bool is_address =
      params_at != std::string_view::npos || text.starts_with("code=") || text.starts_with("error=");
  if (!is_address) {
    if (!LooksLikeCode(text)) {
      return InvalidArgument(
          "what was pasted is neither an authorization code nor the address of the sign-in's last page; copy "
          "the "
          "code shown after signing in, or the whole address from the browser's address bar");
    }
    return Secret(std::string(text));
  }
  std::string_view query = params_at == std::string_view::npos ? text : text.substr(params_at + 1);
  // Microsoft puts the response in the query, or in the fragment for response_mode=fragment.
  size_t hash = query.find('#');
  std::optional<std::map<std::string, std::string>> params = ParseParams(query.substr(0, hash));
  if (params && !params->contains("code") && !params->contains("error") && hash != std::string_view::npos) {
    params = ParseParams(query.substr(hash + 1));
  }
  if (!params) return InvalidArgument("the pasted address is not valid (bad %-escapes); copy it again");
  if (auto e = params->find("error"); e != params->end()) {
    std::string description = params->contains("error_description") ? params->at("error_description") : "";
    std::string first_line = description.substr(0, description.find_first_of("\r\n"));
    if (e->second == "access_denied") {
      return PermissionDenied("the sign-in was cancelled or consent was refused: " + first_line +
                              "; start again and accept the requested permissions");
    }
    return Unauthenticated("the sign-in failed (" + e->second + "): " + first_line);
  }
  auto code = params->find("code");
  if (code == params->end() || code->second.empty()) {
    return InvalidArgument(
        "the pasted address holds no authorization code; copy the address of the page shown "
        "after signing in, or the code itself");
  }
  auto state = params->find("state");
  if (state == params->end() || state->second != expected_state) {
    return InvalidArgument(
        "the pasted address belongs to another sign-in (its state does not match); paste the address or code "
        "from the sign-in started just now");
  }
  return Secret(code->second);
}

}  // namespace ark::identity
