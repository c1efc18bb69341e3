// Query strings, form bodies and paths: decoding and encoding for the emulator's handlers.
#include "http/url.h"

#include "core/encoding.h"

namespace m365sim::http {

Params Params::Parse(std::string_view text) {
  Params out;
  size_t pos = 0;
  while (pos <= text.size() && !text.empty()) {
    size_t amp = text.find('&', pos);
    if (amp == std::string_view::npos) amp = text.size();
    std::string_view pair = text.substr(pos, amp - pos);
    if (!pair.empty()) {
      size_t eq = pair.find('=');
      std::string_view name = pair.substr(0, eq);
      std::string_view value = eq == std::string_view::npos ? std::string_view() : pair.substr(eq + 1);
      auto n = ark::PercentDecode(name, true);
      auto v = ark::PercentDecode(value, true);
      out.items_.emplace_back(n ? *n : std::string(name), v ? *v : std::string(value));
    }
    pos = amp + 1;
  }
  return out;
}

std::optional<std::string> Params::Get(std::string_view name) const {
  for (const auto& [k, v] : items_) {
    if (k == name) return v;
  }
  return std::nullopt;
}

std::string Params::GetOr(std::string_view name, std::string_view fallback) const {
  auto v = Get(name);
  return v ? *v : std::string(fallback);
}

size_t Params::Count(std::string_view name) const {
  size_t n = 0;
  for (const auto& item : items_) n += item.first == name ? 1 : 0;
  return n;
}

std::string Params::Encode() const {
  std::string out;
  for (const auto& [k, v] : items_) {
    if (!out.empty()) out += '&';
    out += ark::PercentEncode(k);
    out += '=';
    out += ark::PercentEncode(v);
  }
  return out;
}

std::pair<std::string_view, std::string_view> SplitTarget(std::string_view target) {
  size_t q = target.find('?');
  if (q == std::string_view::npos) return {target, {}};
  return {target.substr(0, q), target.substr(q + 1)};
}

std::optional<std::string> DecodePath(std::string_view raw) { return ark::PercentDecode(raw, false); }

std::string AppendQuery(std::string url, const Params& params) {
  if (params.items().empty()) return url;
  url += url.find('?') == std::string::npos ? '?' : '&';
  url += params.Encode();
  return url;
}

std::string HtmlEscape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

}  // namespace m365sim::http
