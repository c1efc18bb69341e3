// CurlPool: easy handles kept warm for reuse, with a share handle for DNS and TLS sessions.
#include "http/curl_pool.h"

#include <mutex>

namespace ark::http {

void EnsureCurlInitialized() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

CurlPool::CurlPool(int max_idle) : max_idle_(static_cast<size_t>(max_idle < 1 ? 1 : max_idle)) {
  EnsureCurlInitialized();
  share_ = curl_share_init();
  if (share_ != nullptr) {
    curl_share_setopt(share_, CURLSHOPT_LOCKFUNC, &CurlPool::Lock);
    curl_share_setopt(share_, CURLSHOPT_UNLOCKFUNC, &CurlPool::Unlock);
    curl_share_setopt(share_, CURLSHOPT_USERDATA, this);
    curl_share_setopt(share_, CURLSHOPT_SHARE, CURL_LOCK_DATA_DNS);
    curl_share_setopt(share_, CURLSHOPT_SHARE, CURL_LOCK_DATA_SSL_SESSION);
  }
}

CurlPool::~CurlPool() {
  for (CURL* h : idle_) curl_easy_cleanup(h);
  if (share_ != nullptr) curl_share_cleanup(share_);
}

void CurlPool::Lock(CURL* /*handle*/, curl_lock_data data, curl_lock_access /*access*/, void* userp) {
  static_cast<CurlPool*>(userp)->share_locks_[data].lock();
}

void CurlPool::Unlock(CURL* /*handle*/, curl_lock_data data, void* userp) {
  static_cast<CurlPool*>(userp)->share_locks_[data].unlock();
}

CURL* CurlPool::Acquire() {
  {
    std::lock_guard lock(mu_);
    if (!idle_.empty()) {
      CURL* h = idle_.back();  // the most recently used one has the warmest connections
      idle_.pop_back();
      return h;
    }
  }
  CURL* h = curl_easy_init();
  if (h != nullptr && share_ != nullptr) curl_easy_setopt(h, CURLOPT_SHARE, share_);
  return h;
}

void CurlPool::Release(CURL* handle) {
  // Options go back to defaults; live connections, the share and caches stay.
  curl_easy_reset(handle);
  std::lock_guard lock(mu_);
  if (idle_.size() < max_idle_) {
    idle_.push_back(handle);
    return;
  }
  curl_easy_cleanup(handle);
}

}  // namespace ark::http
