// Every kept input of the fuzz targets, replayed in the normal suite: the
// seed corpus in tests/fuzz/corpus/<target>/ and each crash found and fixed
// in tests/fuzz/crashes/<target>/ go through the same target code as under
// libFuzzer (packaging/taxa.sh fuzz), here with the suite's compiler and
// sanitizers. A failed check fails the test naming the file; a sanitizer
// report stops the binary after naming it.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>
#include <string>
#include <vector>

#include "fuzz/fuzz_support.h"
#include <gtest/gtest.h>

#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/common_interface_defs.h>
#endif

#define TAXA_FUZZ_TARGET(name) extern "C" int TaxaFuzz_##name(const uint8_t* data, size_t size);
#include "fuzz_targets.inc"
#undef TAXA_FUZZ_TARGET

namespace taxa::fuzz {
namespace {

namespace fs = std::filesystem;

struct Target {
  std::string name;
  int (*run)(const uint8_t*, size_t);
};

const std::vector<Target>& Targets() {
  static const std::vector<Target> targets = {
#define TAXA_FUZZ_TARGET(name) {#name, &TaxaFuzz_##name},
#include "fuzz_targets.inc"
#undef TAXA_FUZZ_TARGET
  };
  return targets;
}

// The file being replayed, for a sanitizer report, which ends the process.
std::string& Current() {
  static std::string current;
  return current;
}

std::vector<fs::path> Files(const std::string& folder, const std::string& target) {
  std::vector<fs::path> files;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(fs::path(TAXA_FUZZ_DIR) / folder / target, ec))
    if (e.is_regular_file()) files.push_back(e.path());
  std::sort(files.begin(), files.end());
  return files;
}

std::set<std::string> Folders(const std::string& folder) {
  std::set<std::string> names;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(fs::path(TAXA_FUZZ_DIR) / folder, ec))
    if (e.is_directory()) names.insert(e.path().filename().string());
  return names;
}

// Runs `target` on each file.
void Replay(const Target& target, const std::vector<fs::path>& files) {
  ThrowOnFailure() = true;
  for (const fs::path& file : files) {
    std::ifstream in(file, std::ios::binary);
    ASSERT_TRUE(in) << file;
    const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    Current() = file.string();
    try {
      target.run(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
    } catch (const FuzzFailure& e) {
      ADD_FAILURE() << file.string() << ": " << e.what();
    }
    Current().clear();
  }
  ThrowOnFailure() = false;
}

class FuzzReplay : public ::testing::TestWithParam<Target> {
 protected:
  static void SetUpTestSuite() {
#if defined(__SANITIZE_ADDRESS__)
    __sanitizer_set_death_callback([] {
      if (!Current().empty())
        std::fprintf(stderr, "taxa fuzz replay: input %s\n", Current().c_str());
    });
#endif
  }
};

TEST_P(FuzzReplay, KeptCorpusPassesEveryCheck) {
  const std::vector<fs::path> files = Files("corpus", GetParam().name);
  EXPECT_FALSE(files.empty()) << "tests/fuzz/corpus/" << GetParam().name << " holds no inputs";
  Replay(GetParam(), files);
}

TEST_P(FuzzReplay, CrashesFoundAndFixedStayFixed) {
  Replay(GetParam(), Files("crashes", GetParam().name));
}

INSTANTIATE_TEST_SUITE_P(Targets, FuzzReplay, ::testing::ValuesIn(Targets()),
                         [](const ::testing::TestParamInfo<Target>& info) {
                           return info.param.name;
                         });

TEST(FuzzReplayFolders, EveryFolderNamesATarget) {
  std::set<std::string> targets;
  for (const Target& t : Targets()) targets.insert(t.name);
  for (const char* folder : {"corpus", "crashes"})
    for (const std::string& name : Folders(folder))
      EXPECT_TRUE(targets.count(name))
          << "tests/fuzz/" << folder << "/" << name << " has no target " << name << "_fuzz.cpp";
}

}  // namespace
}  // namespace taxa::fuzz
