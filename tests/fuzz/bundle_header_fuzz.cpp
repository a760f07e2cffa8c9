// A bundle file from removable media (`taxa bundle verify|apply FILE`): the
// input is the file, optionally followed by a line "~~~~" and the text of
// its manifest FILE.sha256. ReadBundleHeader and VerifyBundle (without a
// repository) must describe it or say what is wrong, and what they describe
// must be true of the bytes (bundle.h).
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz/fuzz_support.h"

#include "taxa/core/sha256.h"
#include "taxa/sync/bundle.h"

namespace {

void WriteWhole(const std::string& path, std::string_view bytes) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  FUZZ_CHECK(fd >= 0, "cannot write " + path);
  while (!bytes.empty()) {
    ssize_t n = ::write(fd, bytes.data(), bytes.size());
    FUZZ_CHECK(n > 0, "cannot write " + path);
    bytes.remove_prefix(static_cast<size_t>(n));
  }
  ::close(fd);
}

bool IsId(std::string_view s) {
  return s.size() == 40 && std::all_of(s.begin(), s.end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
         });
}

void CheckInfo(const taxa::sync::BundleInfo& info, std::string_view file) {
  FUZZ_CHECK(info.version == 2 || info.version == 3, "version " + std::to_string(info.version));
  FUZZ_CHECK(info.bytes == file.size(), "size");
  FUZZ_CHECK(info.pack_offset + 32 <= info.bytes, "the pack does not fit");
  FUZZ_CHECK(file.compare(info.pack_offset, 4, "PACK") == 0, "no pack where the header ends");
  FUZZ_CHECK(info.pack_offset >= 1 && file[info.pack_offset - 1] == '\n',
             "the header ends mid-line");
  FUZZ_CHECK(std::is_sorted(info.prerequisites.begin(), info.prerequisites.end()) &&
                 std::adjacent_find(info.prerequisites.begin(), info.prerequisites.end()) ==
                     info.prerequisites.end(),
             "prerequisites not sorted once each");
  for (const std::string& p : info.prerequisites) FUZZ_CHECK(IsId(p), "prerequisite " + p);
  bool tip_named = false;
  for (const auto& [id, name] : info.refs) {
    FUZZ_CHECK(IsId(id), "ref id " + id);
    FUZZ_CHECK(!name.empty() && name.find('\n') == std::string::npos, "ref name");
    // Each ref line is in the header as written.
    FUZZ_CHECK(file.substr(0, info.pack_offset).find(id + " " + name + "\n") != std::string::npos,
               "ref line " + id + " " + name + " is not in the header");
    tip_named = tip_named || (id == info.tip && (name == "refs/heads/main" || name == "HEAD"));
  }
  FUZZ_CHECK(tip_named, "the tip is not main's or HEAD's");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::vector<std::string_view> parts = taxa::fuzz::SplitParts(taxa::fuzz::Text(data, size));
  const std::string_view file = parts[0];
  const std::string path = taxa::fuzz::ScratchDir() + "/b.bundle";
  const std::string manifest = taxa::sync::BundleManifestPath(path);
  WriteWhole(path, file);
  if (parts.size() > 1) {
    WriteWhole(manifest, parts[1]);
  } else {
    ::unlink(manifest.c_str());
  }

  taxa::Result<taxa::sync::BundleInfo> header = taxa::sync::ReadBundleHeader(path);
  if (header.ok()) {
    CheckInfo(*header, file);
  } else {
    FUZZ_CHECK(header.status().message().starts_with(path + ":"), header.status().message());
    FUZZ_CHECK(header.status().code() == taxa::StatusCode::kCorrupt ||
                   header.status().code() == taxa::StatusCode::kInvalidInput,
               header.status().message());
  }

  taxa::Result<taxa::sync::BundleInfo> verified = taxa::sync::VerifyBundle(path, nullptr);
  if (!verified.ok()) {
    FUZZ_CHECK(verified.status().message().starts_with(path + ":"), verified.status().message());
    return 0;
  }
  FUZZ_CHECK(header.ok(), "VerifyBundle accepts what ReadBundleHeader rejects");
  CheckInfo(*verified, file);
  FUZZ_CHECK(verified->sha256 == taxa::core::Sha256Hex(file), "the SHA-256 is not the file's");
  FUZZ_CHECK(verified->manifest_checked == (parts.size() > 1), "manifest_checked");
  return 0;
}
