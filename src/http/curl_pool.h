// CurlPool (private to http/): reusable libcurl easy handles sharing DNS and TLS-session caches.
//
// Why a pool of easy handles and not the multi interface: every Ark365 worker
// thread performs one blocking exchange at a time, and a warm easy handle
// keeps its live connections, so the next request of that thread reuses one.
// DNS results and TLS sessions are shared between handles through a share
// handle, so a new connection resumes TLS instead of a full handshake.
// Connections themselves are not shared: libcurl does not support sharing its
// connection cache between concurrently running threads.
#pragma once

#include <curl/curl.h>

#include <array>
#include <mutex>
#include <vector>

namespace ark::http {

class CurlPool {
 public:
  explicit CurlPool(int max_idle);
  ~CurlPool();
  CurlPool(const CurlPool&) = delete;
  CurlPool& operator=(const CurlPool&) = delete;

  // A handle with default options and the share attached, or nullptr if
  // libcurl is out of memory. Thread-safe.
  CURL* Acquire();
  // Returns a handle after use; its connections stay open for the next user.
  void Release(CURL* handle);

 private:
  static void Lock(CURL* handle, curl_lock_data data, curl_lock_access access, void* userp);
  static void Unlock(CURL* handle, curl_lock_data data, void* userp);

  CURLSH* share_ = nullptr;
  std::array<std::mutex, CURL_LOCK_DATA_LAST> share_locks_;
  std::mutex mu_;
  std::vector<CURL*> idle_;
  size_t max_idle_;
};

// curl_global_init, once per process, from whichever thread comes first.
void EnsureCurlInitialized();

}  // namespace ark::http
