// TokenProvider: a valid access token whenever a caller needs one, renewed before it expires, one renewal at
// a time.
//
// Graph workers call Token() before every request. The first caller after a
// token enters its renewal window renews it; the others keep using the
// still-valid token meanwhile, or wait if it has already expired, so that a
// hundred workers never cause a hundred sign-ins (no thundering herd). A
// token rejected by the service (HTTP 401) is dropped with Invalidate(); the
// next Token() then renews it once, however many workers saw the 401.
#pragma once

#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "core/status.h"
#include "identity/token.h"
#include "identity/token_client.h"

namespace ark::identity {

class TokenProvider {
 public:
  virtual ~TokenProvider() = default;
  // A token valid now. Thread-safe.
  virtual Result<AccessToken> Token() = 0;
  // `rejected` was refused by the service; forget it if it is still current.
  virtual void Invalidate(const AccessToken& rejected) = 0;
};

// Caches what `acquire` returns; the general mechanism behind every provider.
class CachingTokenProvider : public TokenProvider {
 public:
  using Acquire = std::function<Result<TokenSet>()>;
  explicit CachingTokenProvider(Acquire acquire, Clock clock = SystemClock());

  Result<AccessToken> Token() override;
  void Invalidate(const AccessToken& rejected) override;

  // Renewals performed so far (for tests and diagnostics).
  int renewals() const;

  // When a token of this lifetime is renewed: 5 minutes before it expires,
  // or in its last fifth when it lives less than 25 minutes.
  static std::chrono::seconds RenewalMargin(std::chrono::seconds lifetime);

 private:
  bool Fresh(const AccessToken& t, SystemTime now) const;

  Acquire acquire_;
  Clock clock_;
  mutable std::mutex mu_;
  std::condition_variable renewed_;
  std::optional<AccessToken> current_;
  bool renewing_ = false;
  // Counts finished renewals, so that waiters can tell theirs has completed.
  uint64_t generation_ = 0;
  Status last_failure_;
  int renewals_ = 0;
};

// App-only tokens by client credentials (Modern authentication).
std::unique_ptr<TokenProvider> MakeAppTokenProvider(std::shared_ptr<TokenClient> client,
                                                    std::string scope = std::string(kGraphDefaultScope));

// Delegated tokens from a refresh token (Hybrid authentication). Every
// renewal returns a new refresh token, handed to `persist` (which stores it
// encrypted) before it is used; if persisting fails the renewal still
// succeeds (the previous refresh token stays valid) and the failure is logged.
using PersistRefreshToken = std::function<Status(const Secret& refresh_token)>;
std::unique_ptr<TokenProvider> MakeRefreshTokenProvider(std::shared_ptr<TokenClient> client,
                                                        Secret refresh_token, std::vector<std::string> scopes,
                                                        std::string upn, PersistRefreshToken persist);

// Delegated tokens by the password grant (legacy Basic mode, non-MFA accounts).
// `password` is asked for at each sign-in, so the caller decides where it lives.
std::unique_ptr<TokenProvider> MakePasswordTokenProvider(std::shared_ptr<TokenClient> client, std::string upn,
                                                         std::function<Result<Secret>()> password,
                                                         std::vector<std::string> scopes);

// Providers shared by everything that signs in as the same (tenant, client,
// scopes, account), so that they share one token and one renewal.
class TokenCache {
 public:
  struct Key {
    std::string tenant;
    std::string client_id;
    std::string scopes;   // normalised: sorted, lower case, space separated
    std::string account;  // upn, or empty for app-only
    auto operator<=>(const Key&) const = default;
  };
  static Key MakeKey(std::string tenant, std::string client_id, const std::vector<std::string>& scopes,
                     std::string account);

  // The provider for `key`, made by `make` the first time. Thread-safe.
  std::shared_ptr<TokenProvider> Get(const Key& key,
                                     const std::function<std::unique_ptr<TokenProvider>()>& make);
  // Forgets a provider (credentials changed).
  void Erase(const Key& key);

 private:
  std::mutex mu_;
  std::map<Key, std::shared_ptr<TokenProvider>> providers_;
};

}  // namespace ark::identity
