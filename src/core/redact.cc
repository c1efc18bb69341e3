// Redact(): a single left-to-right scan that rewrites credential values to "***".
#include "core/redact.h"

#include <array>
#include <cctype>

namespace ark {
namespace {

constexpr std::string_view kStars = "***";

struct Key {
  std::string_view name;
  bool in_json;  // also redact as a JSON member
};

constexpr std::array<Key, 15> kKeys = {{
    {"client_secret", true},
    {"password", true},
    {"refresh_token", true},
    {"access_token", true},
    {"id_token", true},
    {"code", false},
    {"client_assertion", true},
    {"device_code", true},
    {"code_verifier", true},
    {"assertion", true},
    {"app_password", true},
    {"passphrase", true},
    {"secret", true},
    {"tempauth", true},
    {"sig", false},
}};

bool IsWordChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_'; }

bool StartsWithNoCase(std::string_view text, size_t pos, std::string_view word) {
  if (text.size() - pos < word.size()) return false;
  for (size_t i = 0; i < word.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(text[pos + i])) != word[i]) return false;
  }
  return true;
}

bool IsWordStart(std::string_view text, size_t pos) { return pos == 0 || !IsWordChar(text[pos - 1]); }

size_t SkipSpaces(std::string_view text, size_t pos) {
  while (pos < text.size() && (text[pos] == ' ' || text[pos] == '\t')) ++pos;
  return pos;
}

// End of a form/query value: it stops at a separator or anything that cannot
// appear unescaped in a URL-encoded value.
size_t EndOfFormValue(std::string_view text, size_t pos) {
  while (pos < text.size()) {
    char c = text[pos];
    if (c == '&' || c == '"' || c == '\'' || c == '<' || c == '>' || c == '#' ||
        std::isspace(static_cast<unsigned char>(c)) != 0) {
      break;
    }
    ++pos;
  }
  return pos;
}

// End of a JSON string whose opening quote is just before pos.
size_t EndOfJsonString(std::string_view text, size_t pos) {
  while (pos < text.size() && text[pos] != '"') pos += (text[pos] == '\\') ? 2 : 1;
  return pos < text.size() ? pos : text.size();
}

size_t EndOfLine(std::string_view text, size_t pos) {
  while (pos < text.size() && text[pos] != '\r' && text[pos] != '\n') ++pos;
  return pos;
}

// Tries every rule at `pos`. On a match, appends the rewritten text to `out`
// and returns the position after it; otherwise returns pos.
size_t TryRedactAt(std::string_view text, size_t pos, std::string& out) {
  // "Bearer <token>" anywhere, including inside JSON headers objects.
  if (IsWordStart(text, pos) && StartsWithNoCase(text, pos, "bearer ")) {
    size_t start = pos + 7;
    size_t end = EndOfFormValue(text, start);
    if (end > start) {
      out.append(text.substr(pos, 7));
      out.append(kStars);
      return end;
    }
  }
  // Header line "Authorization: value" (also Proxy-Authorization).
  if (IsWordStart(text, pos) && StartsWithNoCase(text, pos, "authorization")) {
    size_t after = pos + 13;
    if (after < text.size() && text[after] == ':') {
      size_t start = SkipSpaces(text, after + 1);
      size_t end = EndOfLine(text, start);
      if (end > start) {
        out.append(text.substr(pos, start - pos));
        out.append(kStars);
        return end;
      }
    }
  }
  bool quoted = text[pos] == '"';
  size_t key_pos = quoted ? pos + 1 : pos;
  if (!quoted && !IsWordStart(text, pos)) return pos;
  for (const Key& key : kKeys) {
    if (!StartsWithNoCase(text, key_pos, key.name)) continue;
    size_t after = key_pos + key.name.size();
    if (quoted) {
      // JSON member: "key" : "value"
      if (!key.in_json || after >= text.size() || text[after] != '"') continue;
      size_t colon = SkipSpaces(text, after + 1);
      if (colon >= text.size() || text[colon] != ':') continue;
      size_t open = SkipSpaces(text, colon + 1);
      if (open >= text.size() || text[open] != '"') continue;
      size_t close = EndOfJsonString(text, open + 1);
      out.append(text.substr(pos, open + 1 - pos));
      out.append(kStars);
      return close;  // the closing quote is copied by the caller
    }
    // key=value in a query string or form body.
    if (after < text.size() && text[after] == '=') {
      size_t end = EndOfFormValue(text, after + 1);
      out.append(text.substr(pos, after + 1 - pos));
      if (end > after + 1) out.append(kStars);
      return end;
    }
  }
  return pos;
}

}  // namespace

std::string Redact(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  size_t pos = 0;
  while (pos < text.size()) {
    size_t next = TryRedactAt(text, pos, out);
    if (next == pos) {
      out.push_back(text[pos]);
      ++pos;
    } else {
      pos = next;
    }
  }
  return out;
}

}  // namespace ark
