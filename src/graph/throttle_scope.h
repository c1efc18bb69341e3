// Which of Microsoft's throttling scopes a Graph request counts against, and what it costs there.
//
// Graph throttles per scope, and the scopes differ by workload (graph-protocol.md §3):
//   Outlook (mail, calendar, contacts)  per app and mailbox: 10,000 requests / 10 min, 4 concurrent
//   SharePoint and OneDrive             per app and tenant, in resource units (1, 2 or 5 per request)
//   Teams                               per app and team or channel: 4 requests / s
//   Directory (users, groups)           per app and tenant, in resource units per 10 s
// The scope is read from the request's URL alone, so that nextLinks, delta
// links and $batch items (all opaque URLs) are classified like the first request.
#pragma once

#include <string>
#include <string_view>

namespace ark::graph {

enum class Workload { kOutlook, kSharePoint, kTeams, kDirectory, kOther };

struct ThrottleScope {
  Workload workload = Workload::kOther;
  // "outlook:<mailbox>", "sharepoint", "teams:<team>[/<channel>]", "directory", or "" (unpaced).
  std::string key;
  // Units this request takes from the scope's budget.
  double cost = 1;
};

// `url` is absolute (a nextLink) or relative to the Graph base ("/users/x/messages?$top=10").
// Mailboxes are keyed by the id or UPN in the URL, lower-cased: callers use one form per mailbox.
ThrottleScope ClassifyRequest(std::string_view method, std::string_view url);

std::string_view WorkloadName(Workload w);

}  // namespace ark::graph
