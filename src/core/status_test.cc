#include "core/status.h"

#include <gtest/gtest.h>

namespace ark {
namespace {

TEST(StatusTest, DefaultIsOk) {
  Status s;
  EXPECT_TRUE(s.ok());
  EXPECT_EQ(s.code(), StatusCode::kOk);
  EXPECT_EQ(s.message(), "");
  EXPECT_EQ(s.cause(), nullptr);
  EXPECT_EQ(s.ToString(), "ok");
}

TEST(StatusTest, OkCodeWithMessageIsStillOk) { EXPECT_TRUE(Status(StatusCode::kOk, "ignored").ok()); }

TEST(StatusTest, ErrorCarriesCodeAndMessage) {
  Status s = NotFound("organization 'Contoso' does not exist; run `ark365 org list`");
  EXPECT_FALSE(s.ok());
  EXPECT_EQ(s.code(), StatusCode::kNotFound);
  EXPECT_EQ(s.message(), "organization 'Contoso' does not exist; run `ark365 org list`");
  EXPECT_EQ(StatusCodeName(s.code()), "not_found");
}

TEST(StatusTest, CauseChainIsKeptInOrder) {
  Status root = IoError("read failed: Input/output error");
  Status mid = DataLoss("pack 3f2a is unreadable").WithCause(root);
  Status top = Unavailable("backup of alice@contoso.com failed").WithCause(mid);
  ASSERT_NE(top.cause(), nullptr);
  EXPECT_EQ(top.cause()->message(), "pack 3f2a is unreadable");
  ASSERT_NE(top.cause()->cause(), nullptr);
  EXPECT_EQ(top.cause()->cause()->message(), "read failed: Input/output error");
  EXPECT_EQ(top.ToString(),
            "backup of alice@contoso.com failed\n  caused by: pack 3f2a is unreadable\n"
            "  caused by: read failed: Input/output error");
}

TEST(StatusTest, WithCauseAppendsAtTheEndOfAnExistingChain) {
  Status s = Internal("a").WithCause(Internal("b")).WithCause(Internal("c"));
  EXPECT_EQ(s.ToString(), "a\n  caused by: b\n  caused by: c");
}

TEST(StatusTest, ContextPrefixesMessageAndKeepsCodeAndCauses) {
  Status s = PermissionDenied("no access").WithCause(IoError("EACCES")).Context("opening repository");
  EXPECT_EQ(s.code(), StatusCode::kPermissionDenied);
  EXPECT_EQ(s.message(), "opening repository: no access");
  ASSERT_NE(s.cause(), nullptr);
  EXPECT_EQ(s.cause()->message(), "EACCES");
}

TEST(StatusTest, CopiesShareButDoNotAlias) {
  Status a = Internal("x");
  Status b = a;
  b = b.Context("y");
  EXPECT_EQ(a.message(), "x");
  EXPECT_EQ(b.message(), "y: x");
}

TEST(StatusTest, ErrnoMapsToCodes) {
  EXPECT_EQ(ErrnoError("open", ENOENT).code(), StatusCode::kNotFound);
  EXPECT_EQ(ErrnoError("open", EACCES).code(), StatusCode::kPermissionDenied);
  EXPECT_EQ(ErrnoError("write", ENOSPC).code(), StatusCode::kResourceExhausted);
  EXPECT_EQ(ErrnoError("read", EIO).code(), StatusCode::kIoError);
  EXPECT_NE(ErrnoError("open /x", ENOENT).message().find("open /x: "), std::string::npos);
}

Result<int> Half(int x) {
  if (x % 2 != 0) return InvalidArgument(std::to_string(x) + " is odd");
  return x / 2;
}

Result<int> Quarter(int x) {
  ARK_ASSIGN_OR_RETURN(int h, Half(x));
  ARK_ASSIGN_OR_RETURN(int q, Half(h));
  return q;
}

Status CheckEven(int x) {
  ARK_RETURN_IF_ERROR(Half(x).status());
  return Status::Ok();
}

TEST(ResultTest, ValueAndErrorPropagate) {
  Result<int> ok = Quarter(8);
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(*ok, 2);
  Result<int> bad = Quarter(6);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().message(), "3 is odd");
  EXPECT_EQ(bad.value_or(-1), -1);
  EXPECT_TRUE(CheckEven(4).ok());
  EXPECT_EQ(CheckEven(5).code(), StatusCode::kInvalidArgument);
}

TEST(ResultTest, BuiltFromOkStatusIsAnInternalError) {
  Result<int> r{Status::Ok()};
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInternal);
}

TEST(ResultDeathTest, ReadingTheValueOfAnErrorAborts) {
  Result<std::string> r{NotFound("gone")};
  EXPECT_DEATH((void)r.value(), "gone");
}

TEST(ResultTest, MoveOnlyValues) {
  Result<std::unique_ptr<int>> r(std::make_unique<int>(7));
  std::unique_ptr<int> p = std::move(r).value();
  EXPECT_EQ(*p, 7);
}

}  // namespace
}  // namespace ark
