// CachingTokenProvider (single-flight renewal), the app/refresh/password providers and the token cache.
#include "identity/token_provider.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cctype>

namespace ark::identity {

CachingTokenProvider::CachingTokenProvider(Acquire acquire, Clock clock)
    : acquire_(std::move(acquire)), clock_(std::move(clock)) {}

std::chrono::seconds CachingTokenProvider::RenewalMargin(std::chrono::seconds lifetime) {
  return std::min<std::chrono::seconds>(std::chrono::minutes(5), lifetime / 5);
}

bool CachingTokenProvider::Fresh(const AccessToken& t, SystemTime now) const {
  auto lifetime = std::chrono::duration_cast<std::chrono::seconds>(t.expires_at - t.obtained_at);
  return now + RenewalMargin(lifetime) < t.expires_at;
}

Result<AccessToken> CachingTokenProvider::Token() {
  std::unique_lock lock(mu_);
  while (true) {
    SystemTime now = clock_();
    if (current_ && Fresh(*current_, now)) return *current_;
    if (renewing_) {
      // Someone else renews. A token that is still valid is good meanwhile.
      if (current_ && now < current_->expires_at) return *current_;
      uint64_t waited_for = generation_;
      renewed_.wait(lock, [&] { return generation_ != waited_for; });
      if (!current_ && !last_failure_.ok()) return last_failure_;
      continue;
    }
    renewing_ = true;
    lock.unlock();
    Result<TokenSet> fresh = acquire_();
    lock.lock();
    renewing_ = false;
    ++generation_;
    ++renewals_;
    if (fresh.ok()) {
      current_ = fresh->access;
      last_failure_ = Status::Ok();
    } else {
      last_failure_ = fresh.status();
      // An unexpired token still works; the next call tries again.
      if (current_ && clock_() >= current_->expires_at) current_.reset();
    }
    renewed_.notify_all();
    if (!fresh.ok()) {
      if (current_) {
        spdlog::warn("identity: renewing a token failed, using the current one until it expires: {}",
                     fresh.status().message());
        return *current_;
      }
      return fresh.status();
    }
    return *current_;
  }
}

void CachingTokenProvider::Invalidate(const AccessToken& rejected) {
  std::lock_guard lock(mu_);
  if (current_ && current_->value == rejected.value) current_.reset();
}

int CachingTokenProvider::renewals() const {
  std::lock_guard lock(mu_);
  return renewals_;
}

std::unique_ptr<TokenProvider> MakeAppTokenProvider(std::shared_ptr<TokenClient> client, std::string scope) {
  Clock clock = client->clock();
  return std::make_unique<CachingTokenProvider>(
      [client = std::move(client), scope = std::move(scope)] { return client->AcquireForApp(scope); },
      std::move(clock));
}

namespace {

// Holds the newest refresh token; renewals are serialised by the caching provider.
struct RefreshState {
  std::mutex mu;
  Secret refresh_token;
};

}  // namespace

std::unique_ptr<TokenProvider> MakeRefreshTokenProvider(std::shared_ptr<TokenClient> client,
                                                        Secret refresh_token, std::vector<std::string> scopes,
                                                        std::string upn, PersistRefreshToken persist) {
  auto state = std::make_shared<RefreshState>();
  state->refresh_token = std::move(refresh_token);
  Clock clock = client->clock();
  return std::make_unique<CachingTokenProvider>(
      [client = std::move(client), state, scopes = std::move(scopes), upn = std::move(upn),
       persist = std::move(persist)]() -> Result<TokenSet> {
        std::lock_guard lock(state->mu);
        ARK_ASSIGN_OR_RETURN(TokenSet tokens, client->Refresh(state->refresh_token, scopes, upn));
        if (tokens.refresh_token) {
          if (persist) {
            Status saved = persist(*tokens.refresh_token);
            if (!saved.ok()) {
              spdlog::error(
                  "identity: could not store the renewed sign-in of {}; the previous one stays valid: {}",
                  upn, saved.ToString());
            }
          }
          state->refresh_token = *tokens.refresh_token;
        }
        return tokens;
      },
      std::move(clock));
}

std::unique_ptr<TokenProvider> MakePasswordTokenProvider(std::shared_ptr<TokenClient> client, std::string upn,
                                                         std::function<Result<Secret>()> password,
                                                         std::vector<std::string> scopes) {
  Clock clock = client->clock();
  return std::make_unique<CachingTokenProvider>(
      [client = std::move(client), upn = std::move(upn), password = std::move(password),
       scopes = std::move(scopes)]() -> Result<TokenSet> {
        ARK_ASSIGN_OR_RETURN(Secret pw, password());
        return client->AcquireByPassword(upn, pw, scopes);
      },
      std::move(clock));
}

TokenCache::Key TokenCache::MakeKey(std::string tenant, std::string client_id,
                                    const std::vector<std::string>& scopes, std::string account) {
  std::vector<std::string> sorted;
  for (std::string s : scopes) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
    sorted.push_back(std::move(s));
  }
  std::sort(sorted.begin(), sorted.end());
  sorted.erase(std::unique(sorted.begin(), sorted.end()), sorted.end());
  std::transform(account.begin(), account.end(), account.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  std::transform(tenant.begin(), tenant.end(), tenant.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  return Key{std::move(tenant), std::move(client_id), JoinScopes(sorted), std::move(account)};
}

std::shared_ptr<TokenProvider> TokenCache::Get(const Key& key,
                                               const std::function<std::unique_ptr<TokenProvider>()>& make) {
  std::lock_guard lock(mu_);
  auto it = providers_.find(key);
  if (it != providers_.end()) return it->second;
  std::shared_ptr<TokenProvider> p = make();
  providers_.emplace(key, p);
  return p;
}

void TokenCache::Erase(const Key& key) {
  std::lock_guard lock(mu_);
  providers_.erase(key);
}

}  // namespace ark::identity
