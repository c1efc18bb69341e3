// HttpOptions from the [network] section of the configuration.
#include "http/http_options.h"

namespace ark::http {

HttpOptions HttpOptionsFromConfig(const Config& config) {
  HttpOptions o;
  o.ca_file = config.network.ca_file;
  o.proxy = config.network.proxy;
  o.no_proxy = config.network.no_proxy;
  o.connect_timeout = std::chrono::seconds(config.network.connect_timeout_seconds);
  o.stall_timeout = std::chrono::seconds(config.network.stall_timeout_seconds);
  return o;
}

}  // namespace ark::http
