// Bad input and hostile conditions: wrong password or repository, no password, read-only and full disks.
#include <sys/mount.h>
#include <unistd.h>

#include "e2e/repo_support.h"

namespace ark::testing {
namespace {

class RepoBadInputTest : public RepoFixture {};

TEST_F(RepoBadInputTest, WrongPasswordIsClearAndChangesNothing) {
  Init();
  ProcessResult r = Ark({"repo", "snapshots"}, {{"ARK365_PASSWORD", "wrong"}});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("password does not open the repository"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("wrong"), std::string::npos) << "the password is never echoed";
  EXPECT_EQ(Ark({"repo", "check"}).exit_code, 0);
}

TEST_F(RepoBadInputTest, NoPasswordIsAUsageErrorAndPasswordsAreNeverFlags) {
  Init();
  ProcessOptions o = Options();
  o.env.erase("ARK365_PASSWORD");
  o.unset_env.push_back("ARK365_PASSWORD");
  ProcessResult r = RunProcess(Argv({"repo", "snapshots"}), o);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("ARK365_PASSWORD"), std::string::npos) << r.err;
  EXPECT_EQ(Ark({"repo", "snapshots", "--password", "x"}).exit_code, 2);
  std::ofstream(Path("pw")) << "correct horse\n";
  EXPECT_EQ(RunProcess(Argv({"repo", "snapshots", "--password-file", Path("pw")}), o).exit_code, 0);
}

TEST_F(RepoBadInputTest, WrongRepositoryIsNamed) {
  std::filesystem::create_directories(Path("plain"));
  ProcessResult r = Ark({"repo", "snapshots", "--repo", Path("plain")});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("is not an Ark365 repository"), std::string::npos) << r.err;
  r = Ark({"repo", "snapshots", "--repo", Path("missing")});
  EXPECT_NE(r.err.find("there is no repository"), std::string::npos) << r.err;
  // Another program's repository.
  ProcessOptions o = Options({{"RESTIC_PASSWORD", "x"}, {"RESTIC_REPOSITORY", Path("restic")}});
  if (RunProcess({"/usr/bin/restic", "init", "-q"}, o).exit_code == 0) {
    r = Ark({"repo", "snapshots", "--repo", Path("restic")});
    EXPECT_NE(r.err.find("is not an Ark365 repository"), std::string::npos) << r.err;
  }
  Init();
  r = Ark({"repo", "init"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("not empty"), std::string::npos) << r.err;
}

TEST_F(RepoBadInputTest, KeysAddChangeAndRemove) {
  Init();
  ProcessResult added = Ark({"--json", "repo", "key", "add", "--kdf-memory", "8", "--kdf-ops", "1"},
                            {{"ARK365_NEW_PASSWORD", "second"}});
  ASSERT_EQ(added.exit_code, 0) << added.err;
  std::string second_key = nlohmann::json::parse(added.out)["added"];
  EXPECT_EQ(Ark({"repo", "snapshots"}, {{"ARK365_PASSWORD", "second"}}).exit_code, 0);
  ProcessResult passwd = Ark({"repo", "key", "passwd", "--kdf-memory", "8", "--kdf-ops", "1"},
                             {{"ARK365_NEW_PASSWORD", "third"}});
  ASSERT_EQ(passwd.exit_code, 0) << passwd.err;
  EXPECT_EQ(Ark({"repo", "snapshots"}).exit_code, 1) << "the old password no longer opens it";
  EXPECT_EQ(Ark({"repo", "snapshots"}, {{"ARK365_PASSWORD", "third"}}).exit_code, 0);
  EXPECT_EQ(Ark({"repo", "key", "remove", second_key}, {{"ARK365_PASSWORD", "third"}}).exit_code, 0);
  EXPECT_EQ(Ark({"repo", "snapshots"}, {{"ARK365_PASSWORD", "second"}}).exit_code, 1);
}

// Mounts a small tmpfs (or makes a bind mount read-only) when this process may;
// otherwise the test is skipped with the reason.
class MountedDir {
 public:
  MountedDir(const std::string& path, const std::string& options) : path_(path) {
    std::filesystem::create_directories(path);
    mounted_ = ::mount("tmpfs", path.c_str(), "tmpfs", 0, options.c_str()) == 0;
  }
  ~MountedDir() {
    if (mounted_) ::umount2(path_.c_str(), MNT_DETACH);
  }
  bool mounted() const { return mounted_; }
  bool Remount(unsigned long flags) {
    return ::mount("tmpfs", path_.c_str(), "tmpfs", MS_REMOUNT | flags, nullptr) == 0;
  }

 private:
  std::string path_;
  bool mounted_ = false;
};

TEST_F(RepoBadInputTest, FullDiskFailsClearlyAndKeepsEarlierSnapshots) {
  MountedDir disk(RepoPath(), "size=12m");
  if (!disk.mounted()) GTEST_SKIP() << "cannot mount a tmpfs here (needs root); full disk not tested";
  Init();
  MakeCorpus(Path("small"), 41, 1, 1u << 20, 20);
  std::string first = ArkJson({"repo", "backup-path", Path("small")})["id"];
  MakeCorpus(Path("big"), 42, 5, 4u << 20, 0);
  ProcessResult r = Ark({"repo", "backup-path", Path("big")});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("No space left on device"), std::string::npos) << r.err;
  EXPECT_EQ(Ark({"repo", "unlock"}).exit_code, 0);
  ProcessResult check = Ark({"repo", "check", "--read-data"});
  EXPECT_EQ(check.exit_code, 0) << check.out << check.err;
  ASSERT_EQ(Ark({"repo", "restore", first, "--target", Path("out")}).exit_code, 0);
  EXPECT_EQ(CompareTrees(Path("small"), Path("out") + Path("small")), "");
}

TEST_F(RepoBadInputTest, ReadOnlyRepositoryFailsClearlyAndStaysReadable) {
  MountedDir disk(RepoPath(), "size=64m");
  if (!disk.mounted())
    GTEST_SKIP() << "cannot mount a tmpfs here (needs root); read-only directory not tested";
  Init();
  MakeCorpus(Path("src"), 51, 1, 1u << 20, 10);
  std::string first = ArkJson({"repo", "backup-path", Path("src")})["id"];
  ASSERT_TRUE(disk.Remount(MS_RDONLY));
  ProcessResult r = Ark({"repo", "backup-path", Path("src")});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("Read-only file system"), std::string::npos) << r.err;
  // Reading needs no write: restore and check work on a read-only repository.
  ASSERT_EQ(Ark({"repo", "restore", first, "--target", Path("out")}).exit_code, 0);
  EXPECT_EQ(CompareTrees(Path("src"), Path("out") + Path("src")), "");
  ProcessResult check = Ark({"repo", "check", "--read-data"});
  EXPECT_EQ(check.exit_code, 0) << check.err;
  EXPECT_NE(check.err.find("read-only"), std::string::npos) << check.err;
}

}  // namespace
}  // namespace ark::testing
