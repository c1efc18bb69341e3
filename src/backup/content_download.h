// Streams a Graph download (a message's MIME, a file's bytes) straight into repository content.
#pragma once

#include <string>

#include "core/status.h"
#include "graph/graph_client.h"
#include "http/headers.h"
#include "repo/content.h"
#include "repo/repository.h"

namespace ark::backup {

// Downloads `url` into a ContentWriter: nothing is held in memory beyond the chunker's buffer, and a
// transfer cut short continues by Range (graph/download.h). Returns the stored content.
Result<repo::ContentRef> DownloadContent(repo::Repository& repo, graph::GraphClient& graph,
                                         const std::string& url, std::string_view what,
                                         const http::Headers& headers);

}  // namespace ark::backup
