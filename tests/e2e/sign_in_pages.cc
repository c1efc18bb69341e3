// SignInWithBrowser: GET the authorize URL, then POST each page's form until a redirect leaves the pages.
#include "e2e/sign_in_pages.h"

#include <regex>

#include "core/encoding.h"

namespace ark::testing {
namespace {

std::string Unescape(std::string s) {
  for (auto [from, to] :
       {std::pair{"&amp;", "&"}, {"&quot;", "\""}, {"&#39;", "'"}, {"&lt;", "<"}, {"&gt;", ">"}}) {
    for (size_t at; (at = s.find(from)) != std::string::npos;) s.replace(at, std::string(from).size(), to);
  }
  return s;
}

}  // namespace

Result<std::string> SignInWithBrowser(Sim& sim, const std::string& authorize_url, const BrowserSignIn& who) {
  http::HttpRequest request;
  request.url = authorize_url;
  std::string body;  // the form being posted; outlives each Send
  for (int step = 0; step < 8; ++step) {
    ARK_ASSIGN_OR_RETURN(http::HttpResponse page, sim.http().Send(request));
    if (page.status == 302 || page.status == 303) return page.headers.GetOr("Location");
    if (page.status != 200) {
      return FailedPrecondition("sign-in page answered " + std::to_string(page.status) + ": " + page.body);
    }
    std::smatch form;
    static const std::regex kForm(R"re(<form id="(\w+)" method="post" action="([^"]+)")re");
    static const std::regex kFlow(R"re(name="flow" value="([^"]+)")re");
    if (!std::regex_search(page.body, form, kForm)) {
      // The native-client page: the address is what the user copies.
      return request.url;
    }
    std::string id = form[1];
    std::string action = Unescape(form[2]);
    std::smatch flow;
    std::regex_search(page.body, flow, kFlow);
    std::string fields = "flow=" + PercentEncode(Unescape(flow[1]));
    if (id == "signin") {
      fields += "&loginfmt=" + PercentEncode(who.upn) + "&passwd=" + PercentEncode(who.password);
    } else if (id == "mfa") {
      ARK_ASSIGN_OR_RETURN(nlohmann::json pending, sim.Admin("GET", "/accounts/" + who.upn + "/mfa"));
      fields += "&otc=" + pending.value("code", "");
    } else if (id == "consent") {
      fields += std::string("&decision=") + (who.accept_consent ? "accept" : "cancel");
    } else {
      return FailedPrecondition("unexpected form '" + id + "' on the sign-in pages");
    }
    request = http::HttpRequest();
    request.method = "POST";
    request.url = sim.authority_host() + action;
    request.headers.Set("Content-Type", "application/x-www-form-urlencoded");
    body = fields;
    request.body = body;
  }
  return FailedPrecondition("the sign-in pages did not finish in 8 steps");
}

}  // namespace ark::testing
