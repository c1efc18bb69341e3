#include "core/exit_code.h"

#include <gtest/gtest.h>

namespace ark {
namespace {

TEST(ExitCodeTest, DocumentedValues) {
  EXPECT_EQ(static_cast<int>(ExitCode::kSuccess), 0);
  EXPECT_EQ(static_cast<int>(ExitCode::kFailure), 1);
  EXPECT_EQ(static_cast<int>(ExitCode::kUsage), 2);
  EXPECT_EQ(static_cast<int>(ExitCode::kPartial), 3);
}

TEST(ExitCodeTest, StatusMapping) {
  EXPECT_EQ(ExitCodeFor(Status::Ok()), ExitCode::kSuccess);
  EXPECT_EQ(ExitCodeFor(InvalidArgument("bad flag")), ExitCode::kUsage);
  EXPECT_EQ(ExitCodeFor(NotFound("x")), ExitCode::kFailure);
  EXPECT_EQ(ExitCodeFor(Unauthenticated("x")), ExitCode::kFailure);
  EXPECT_EQ(ExitCodeFor(DataLoss("x")), ExitCode::kFailure);
}

}  // namespace
}  // namespace ark
