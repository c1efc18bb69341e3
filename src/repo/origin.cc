// Host and user names of this process.
#include "repo/origin.h"

#include <unistd.h>

#include <cstdlib>

namespace ark::repo {

std::string HostName() {
  char buf[256] = {};
  if (::gethostname(buf, sizeof buf - 1) != 0) return "";
  return buf;
}

std::string UserName() {
  const char* u = std::getenv("USER");
  return u != nullptr ? u : "";
}

}  // namespace ark::repo
