// Secret's memory handling: the clear text is zeroed before its storage is released.
#include "core/secret.h"

#include <sodium.h>

#include <ostream>

namespace ark {

Secret::Secret(Secret&& other) noexcept : value_(std::move(other.value_)) { other.Wipe(); }

Secret& Secret::operator=(const Secret& other) {
  if (this != &other) {
    Wipe();
    value_ = other.value_;
  }
  return *this;
}

Secret& Secret::operator=(Secret&& other) noexcept {
  if (this != &other) {
    Wipe();
    value_ = std::move(other.value_);
    other.Wipe();
  }
  return *this;
}

Secret::~Secret() { Wipe(); }

void Secret::Wipe() {
  // capacity(), not size(): a shrunk string may still hold old bytes.
  if (value_.capacity() > 0) sodium_memzero(value_.data(), value_.capacity());
  value_.clear();
}

bool operator==(const Secret& a, const Secret& b) {
  if (a.value_.size() != b.value_.size()) return false;
  return sodium_memcmp(a.value_.data(), b.value_.data(), a.value_.size()) == 0;
}

std::ostream& operator<<(std::ostream& os, const Secret& /*secret*/) { return os << kRedacted; }

}  // namespace ark
