// Redaction of credentials in text that is about to be logged or shown.
//
// Ark365 logs HTTP requests and responses for diagnosis. Redact() replaces the
// value of every credential-bearing field with "***" wherever it appears:
//   - header lines:            Authorization: Bearer eyJ...   -> Authorization: ***
//   - bearer tokens anywhere:  Bearer eyJ...                  -> Bearer ***
//   - query strings and form bodies (key=value): client_secret, password,
//     refresh_token, access_token, id_token, code, client_assertion,
//     device_code, code_verifier, assertion, app_password, passphrase,
//     secret, tempauth, sig
//   - JSON members ("key": "value"): the same keys except "code", which in
//     JSON is Graph's error code ("itemNotFound") and is kept for diagnosis.
// Keys match case-insensitively and only as whole words. The log sinks call
// this on every line (see log.h), so it is a safety net, not the only guard:
// credentials are held in Secret and never formatted in the first place.
#pragma once

#include <string>
#include <string_view>

namespace ark {

std::string Redact(std::string_view text);

}  // namespace ark
