// Graph downloads into repository content.
#include "backup/content_download.h"

#include "graph/download.h"
#include "http/body.h"

namespace ark::backup {
namespace {

class ContentSink final : public http::BodySink {
 public:
  explicit ContentSink(repo::ContentWriter& writer) : writer_(writer) {}
  Status Write(std::string_view chunk) override { return writer_.Write(chunk); }

 private:
  repo::ContentWriter& writer_;
};

}  // namespace

Result<repo::ContentRef> DownloadContent(repo::Repository& repo, graph::GraphClient& graph,
                                         const std::string& url, std::string_view what,
                                         const http::Headers& headers) {
  repo::ContentWriter writer(repo);
  ContentSink sink(writer);
  graph::DownloadOptions options;
  options.headers = headers;
  ARK_ASSIGN_OR_RETURN(graph::DownloadResult result, graph::Download(graph, url, sink, what, options));
  ARK_ASSIGN_OR_RETURN(repo::ContentRef ref, writer.Finish());
  if (ref.size != result.bytes) {
    return Internal("downloaded " + std::to_string(result.bytes) + " bytes of " + std::string(what) +
                    " but stored " + std::to_string(ref.size));
  }
  return ref;
}

}  // namespace ark::backup
