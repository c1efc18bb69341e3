// ForEachPage / ForEachItem.
#include "graph/paging.h"

namespace ark::graph {

nlohmann::json& PageItems(nlohmann::json& page) {
  auto it = page.find("value");
  if (it == page.end() || !it->is_array()) page["value"] = nlohmann::json::array();
  return page["value"];
}

Status ForEachPage(GraphClient& client, const std::string& url, std::string_view what,
                   const std::function<Status(nlohmann::json& page)>& on_page, const http::Headers& headers) {
  std::string next = url;
  for (int page_number = 1; !next.empty(); ++page_number) {
    ARK_ASSIGN_OR_RETURN(
        nlohmann::json page,
        client.GetJson(next, std::string(what) + " (page " + std::to_string(page_number) + ")", headers));
    if (!page.is_object()) {
      return Unavailable(std::string(what) + ": Microsoft Graph answered a page that is not a JSON object");
    }
    auto link = page.find("@odata.nextLink");
    std::string following =
        link != page.end() && link->is_string() ? link->get<std::string>() : std::string();
    if (following == next) {
      return Unavailable(std::string(what) + ": Microsoft Graph returned a page that links to itself");
    }
    ARK_RETURN_IF_ERROR(on_page(page));
    next = std::move(following);
  }
  return Status::Ok();
}

Status ForEachItem(GraphClient& client, const std::string& url, std::string_view what,
                   const std::function<Status(nlohmann::json& item)>& on_item, const http::Headers& headers) {
  return ForEachPage(
      client, url, what,
      [&](nlohmann::json& page) {
        for (nlohmann::json& item : PageItems(page)) ARK_RETURN_IF_ERROR(on_item(item));
        return Status::Ok();
      },
      headers);
}

}  // namespace ark::graph
