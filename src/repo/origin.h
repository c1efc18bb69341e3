// Who writes to the repository: the host and user names recorded in keys, locks and snapshots.
#pragma once

#include <string>

namespace ark::repo {

std::string HostName();  // empty when unknown
std::string UserName();  // $USER, empty when unset

}  // namespace ark::repo
