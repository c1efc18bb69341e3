// Route table of the login listener.
#include "identity/routes.h"

#include <memory>

#include "identity/discovery.h"
#include "identity/service.h"

namespace m365sim::identity {

void RegisterRoutes(http::Router& login, Context& ctx) {
  RegisterDiscoveryRoutes(login, ctx);
  // The service lives as long as the router's handlers that share it.
  auto service = std::make_shared<IdentityService>(ctx);
  auto bind = [service](http::Response (IdentityService::*method)(http::Request&)) {
    return [service, method](http::Request& r) { return ((*service).*method)(r); };
  };
  login.Add("POST", "/{tenant}/oauth2/v2.0/token", bind(&IdentityService::Token));
  login.Add("POST", "/{tenant}/oauth2/v2.0/devicecode", bind(&IdentityService::DeviceCodeRequest));
  login.Add("GET", "/{tenant}/oauth2/v2.0/authorize", bind(&IdentityService::Authorize));
  login.Add("POST", "/{tenant}/login", bind(&IdentityService::SignInPost));
  login.Add("POST", "/{tenant}/mfa", bind(&IdentityService::MfaPost));
  login.Add("POST", "/{tenant}/consent", bind(&IdentityService::ConsentPost));
  login.Add("GET", "/common/oauth2/nativeclient", bind(&IdentityService::NativeClient));
  login.Add("GET", "/devicelogin", bind(&IdentityService::DeviceLoginPage));
  login.Add("POST", "/devicelogin", bind(&IdentityService::DeviceLoginPost));
  login.Add("GET", "/{tenant}/adminconsent",
            [service](http::Request& r) { return service->AdminConsent(r, false); });
  login.Add("GET", "/{tenant}/v2.0/adminconsent",
            [service](http::Request& r) { return service->AdminConsent(r, true); });
  login.Add("GET", "/{tenant}/oauth2/v2.0/logout", bind(&IdentityService::Logout));
  login.Add("GET", "/{tenant}/oauth2/logout", bind(&IdentityService::Logout));
}

}  // namespace m365sim::identity
