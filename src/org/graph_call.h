// A GraphCall (directory.h) over the HTTP client: JSON requests to Microsoft Graph with a bearer token.
//
// Interim transport for the organization checks until the Graph client
// (src/graph) offers generic JSON requests: the base URL comes from the
// organization's endpoints, absolute links (@odata.nextLink) are followed
// verbatim, a 401 gets one fresh token, 429/503/504 are retried a few times
// honouring Retry-After, and Graph's error body becomes the Status message.
#pragma once

#include <functional>
#include <string>

#include "core/secret.h"
#include "http/http_client.h"
#include "org/directory.h"

namespace ark::org {

struct BearerToken {
  // A valid token now.
  std::function<Result<Secret>()> get;
  // The service refused the token it returned last; the next get() renews it.
  std::function<void()> reject;
};

// `http` must outlive the returned call.
GraphCall MakeGraphCall(http::HttpClient& http, std::string graph_base, const BearerToken& token);

}  // namespace ark::org
