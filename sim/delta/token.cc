// Delta token encoding: "v1" fields joined by '\x1f', a check value, base64url.
#include "delta/token.h"

#include <charconv>
#include <vector>

#include "common/seeded_random.h"
#include "core/encoding.h"

namespace m365sim::delta {
namespace {

constexpr char kSeparator = '\x1f';
constexpr uint64_t kCheckSalt = 0x5eed70c3;

std::vector<std::string_view> Split(std::string_view text) {
  std::vector<std::string_view> out;
  size_t start = 0;
  while (true) {
    size_t end = text.find(kSeparator, start);
    out.push_back(text.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start));
    if (end == std::string_view::npos) return out;
    start = end + 1;
  }
}

std::optional<uint64_t> Number(std::string_view text) {
  uint64_t value = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || ptr != text.data() + text.size()) return std::nullopt;
  return value;
}

}  // namespace

std::string EncodeDeltaToken(const DeltaState& s) {
  std::string body = "v1";
  for (const std::string& field :
       {s.collection, std::to_string(s.base), std::to_string(s.cursor), std::to_string(s.offset),
        std::string(s.first_round ? "1" : "0"), std::to_string(s.epoch), s.options}) {
    body += kSeparator;
    body += field;
  }
  uint64_t check = StableHash(body, kCheckSalt) & 0xffffffffULL;
  body += kSeparator;
  body += std::to_string(check);
  return ark::Base64UrlEncode(body);
}

DecodedToken DecodeDeltaToken(std::string_view token, std::string_view collection, uint64_t epoch) {
  DecodedToken out;
  auto raw = ark::Base64UrlDecode(token);
  if (!raw) return out;
  size_t last = raw->rfind(kSeparator);
  if (last == std::string::npos) return out;
  auto check = Number(std::string_view(*raw).substr(last + 1));
  if (!check || *check != (StableHash(raw->substr(0, last), kCheckSalt) & 0xffffffffULL)) return out;
  auto fields = Split(std::string_view(*raw).substr(0, last));
  if (fields.size() != 8 || fields[0] != "v1") return out;
  DeltaState s;
  s.collection = std::string(fields[1]);
  auto base = Number(fields[2]);
  auto cursor = Number(fields[3]);
  auto offset = Number(fields[4]);
  auto token_epoch = Number(fields[6]);
  if (!base || !cursor || !offset || !token_epoch) return out;
  s.base = *base;
  s.cursor = *cursor;
  s.offset = *offset;
  s.first_round = fields[5] == "1";
  s.epoch = *token_epoch;
  s.options = std::string(fields[7]);
  if (s.collection != collection) {
    out.problem = TokenProblem::kWrongCollection;
    return out;
  }
  if (s.epoch != epoch) {
    out.problem = TokenProblem::kExpired;
    return out;
  }
  out.state = std::move(s);
  return out;
}

}  // namespace m365sim::delta
