// Node names of the snapshot layout: escaping is reversible and never yields a reserved or invalid name.
#include "backup/layout.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "repo/node.h"

namespace ark::backup {
namespace {

TEST(LayoutTest, EscapedIdsAreValidNodeNamesAndRoundTrip) {
  const std::vector<std::string> ids = {"AAkALgAAAAAAHYQDEapmEc2byACqAC-EWg0A",
                                        "a/b",
                                        "50%",
                                        "_user",
                                        ".",
                                        "..",
                                        ".hidden",
                                        "with space",
                                        std::string("nul\0x", 5),
                                        "b!x/y+z=",
                                        "é/ü"};
  for (const std::string& id : ids) {
    std::string name = EscapeName(id);
    EXPECT_TRUE(repo::IsValidNodeName(name)) << name;
    EXPECT_NE(name.front(), '_') << name;
    EXPECT_EQ(UnescapeName(name), id) << name;
  }
}

TEST(LayoutTest, PlainIdsAreKeptAsTheyAre) {
  EXPECT_EQ(EscapeName("01ABCDEF"), "01ABCDEF");
  EXPECT_EQ(EscapeName("a/b"), "a%2Fb");
  EXPECT_EQ(EscapeName("_x"), "%5Fx");
}

}  // namespace
}  // namespace ark::backup
