// Streamed HTTP bodies: sources feed request bodies, sinks receive response bodies, in pieces.
//
// Uploads and downloads of files and MIME messages never sit whole in memory:
// the client pulls a request body from a BodySource and pushes a successful
// response body into a BodySink, one buffer at a time.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "core/status.h"
#include "http/headers.h"

namespace ark::http {

// Supplies a request body of a known size.
class BodySource {
 public:
  virtual ~BodySource() = default;
  // Total bytes the body has; sent as Content-Length.
  virtual uint64_t size() const = 0;
  // Fills up to buffer.size() bytes and returns how many; 0 only at the end.
  virtual Result<size_t> Read(std::span<char> buffer) = 0;
  // Starts again from the first byte, for a resend on a fresh connection.
  // Sources that cannot do so return false and the request fails instead.
  virtual bool Rewind() = 0;
};

// A body held in a string (not owned; must outlive the request).
class StringSource final : public BodySource {
 public:
  explicit StringSource(std::string_view data) : data_(data) {}
  uint64_t size() const override { return data_.size(); }
  Result<size_t> Read(std::span<char> buffer) override;
  bool Rewind() override {
    offset_ = 0;
    return true;
  }

 private:
  std::string_view data_;
  size_t offset_ = 0;
};

// Receives the body of a successful (2xx) response.
class BodySink {
 public:
  virtual ~BodySink() = default;
  // Called once, with the final status and headers, before the first byte.
  // An error aborts the transfer and becomes the request's result.
  virtual Status Begin(int /*status*/, const Headers& /*headers*/) { return Status::Ok(); }
  // Called for each piece of the body, in order. An error aborts the transfer.
  virtual Status Write(std::string_view chunk) = 0;
};

// Appends to a string: for tests and small bodies.
class StringSink final : public BodySink {
 public:
  Status Write(std::string_view chunk) override {
    data_.append(chunk);
    return Status::Ok();
  }
  const std::string& data() const { return data_; }
  void clear() { data_.clear(); }

 private:
  std::string data_;
};

}  // namespace ark::http
