#include "org/vault.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <fstream>

#include "core/file.h"
#include "org/test_certificates.h"

namespace ark::org {
namespace {

using testing::ScratchDir;

// Cheap Argon2id cost for tests; the real default is exercised in one test.
constexpr KdfCost kFast{1, 8 << 20};

class VaultTest : public ::testing::Test {
 protected:
  std::unique_ptr<ConfigStore> OpenStore() {
    Result<std::unique_ptr<ConfigStore>> s = OpenSqliteStore(dir_.path() + "/ark365.db");
    EXPECT_TRUE(s.ok()) << s.status().ToString();
    return std::move(*s);
  }
  ScratchDir dir_;
  std::string key_file_ = dir_.path() + "/master.key";
};

TEST_F(VaultTest, KeyFileIsCreatedPrivateOnFirstUseAndSecretsRoundTrip) {
  auto store = OpenStore();
  Result<Vault> vault = Vault::Open(*store, key_file_, std::nullopt);
  ASSERT_TRUE(vault.ok()) << vault.status().ToString();
  struct stat st {};
  ASSERT_EQ(::stat(key_file_.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  Result<std::string> id = vault->Put("app-secret", Secret("s3cr3t-value"));
  ASSERT_TRUE(id.ok());
  Result<SealedSecret> sealed = store->GetSecret(*id);
  ASSERT_TRUE(sealed.ok());
  EXPECT_EQ(sealed->box.find("s3cr3t-value"), std::string::npos);

  Result<Vault> reopened = Vault::Open(*store, key_file_, std::nullopt);
  ASSERT_TRUE(reopened.ok());
  EXPECT_EQ(reopened->Get(*id)->reveal(), "s3cr3t-value");
}

TEST_F(VaultTest, MissingOrForeignKeyFileIsAClearError) {
  auto store = OpenStore();
  ASSERT_TRUE(Vault::Open(*store, key_file_, std::nullopt).ok());
  std::string saved = *ReadFile(key_file_);
  ASSERT_EQ(std::remove(key_file_.c_str()), 0);
  Result<Vault> missing = Vault::Open(*store, key_file_, std::nullopt);
  EXPECT_EQ(missing.status().code(), StatusCode::kDataLoss);
  EXPECT_NE(missing.status().message().find("restore master.key"), std::string::npos);

  ScratchDir other;
  auto other_store = OpenSqliteStore(other.path() + "/ark365.db");
  ASSERT_TRUE(Vault::Open(**other_store, other.path() + "/master.key", std::nullopt).ok());
  ASSERT_TRUE(WriteFileAtomic(key_file_, *ReadFile(other.path() + "/master.key"), 0600).ok());
  Result<Vault> foreign = Vault::Open(*store, key_file_, std::nullopt);
  EXPECT_EQ(foreign.status().code(), StatusCode::kUnauthenticated);
  EXPECT_NE(foreign.status().message().find("does not belong"), std::string::npos);

  ASSERT_TRUE(WriteFileAtomic(key_file_, saved, 0644).ok());
  EXPECT_EQ(Vault::Open(*store, key_file_, std::nullopt).status().code(), StatusCode::kPermissionDenied);
}

TEST_F(VaultTest, PassphraseDerivesTheKeyAndIsThenRequired) {
  auto store = OpenStore();
  Result<Vault> vault = Vault::Open(*store, key_file_, Secret("correct horse"), kFast);
  ASSERT_TRUE(vault.ok()) << vault.status().ToString();
  struct stat st {};
  EXPECT_NE(::stat(key_file_.c_str(), &st), 0) << "no key file in passphrase mode";
  std::string id = *vault->Put("app-password", Secret("pw"));

  EXPECT_EQ(Vault::Open(*store, key_file_, std::nullopt).status().code(), StatusCode::kFailedPrecondition);
  Result<Vault> wrong = Vault::Open(*store, key_file_, Secret("battery staple"));
  EXPECT_EQ(wrong.status().code(), StatusCode::kUnauthenticated);
  Result<Vault> right = Vault::Open(*store, key_file_, Secret("correct horse"));
  ASSERT_TRUE(right.ok());
  EXPECT_EQ(right->Get(id)->reveal(), "pw");
}

TEST_F(VaultTest, DefaultPassphraseCostIsRecorded) {
  auto store = OpenStore();
  ASSERT_TRUE(Vault::Open(*store, key_file_, Secret("pass")).ok());
  std::string setting = store->GetSetting("master_key")->value();
  EXPECT_NE(setting.find("\"opslimit\":3"), std::string::npos) << setting;
  EXPECT_NE(setting.find("\"memlimit\":67108864"), std::string::npos) << setting;
  EXPECT_EQ(setting.find("pass\""), std::string::npos);
}

TEST(SealBoxTest, BoxIsBoundToItsIdAndPurposeAndDetectsTampering) {
  Secret key(std::string(32, 'k'));
  std::string box = SealBox(key, "id-1", "app-secret", Secret("value"));
  EXPECT_EQ(OpenBox(key, "id-1", "app-secret", box)->reveal(), "value");
  EXPECT_FALSE(OpenBox(key, "id-2", "app-secret", box).ok());
  EXPECT_FALSE(OpenBox(key, "id-1", "refresh-token", box).ok());
  std::string tampered = box;
  tampered.back() ^= 1;
  EXPECT_EQ(OpenBox(key, "id-1", "app-secret", tampered).status().code(), StatusCode::kDataLoss);
  EXPECT_FALSE(OpenBox(Secret(std::string(32, 'x')), "id-1", "app-secret", box).ok());
  EXPECT_NE(SealBox(key, "id-1", "app-secret", Secret("value")), box) << "a fresh nonce every time";
}

}  // namespace
}  // namespace ark::org
