// A release manifest (taxonomy/releases/<version>.json) as a pull or a hand
// edit may leave it: DecodeRelease, its round trip through EncodeRelease, and
// the version it accepts against ParseSemver and CompareSemver's order.
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz/fuzz_support.h"

#include "taxa/core/release.h"

namespace {

using taxa::core::ReleaseManifest;

bool Same(const ReleaseManifest& a, const ReleaseManifest& b) {
  const auto& x = a.changes;
  const auto& y = b.changes;
  return a.version == b.version && a.released == b.released && a.released_by == b.released_by &&
         a.commit == b.commit && a.previous == b.previous && a.changelog == b.changelog &&
         a.approvals == b.approvals && a.categories == b.categories &&
         a.deprecated == b.deprecated && a.migration == b.migration && x.added == y.added &&
         x.removed == y.removed && x.renamed == y.renamed && x.moved == y.moved &&
         x.redefined == y.redefined && x.deprecated == y.deprecated;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view bytes = taxa::fuzz::Text(data, size);
  // The file name is the first line when it names a release, so the fuzzer
  // can match a version it wrote.
  std::string path = "taxonomy/releases/1.2.0.json";
  if (bytes.starts_with("taxonomy/releases/")) {
    size_t eol = bytes.find('\n');
    path = std::string(bytes.substr(0, eol));
    bytes = eol == std::string_view::npos ? std::string_view() : bytes.substr(eol + 1);
  }
  taxa::Result<ReleaseManifest> m = taxa::core::DecodeRelease(bytes, path);
  if (!m.ok()) {
    FUZZ_CHECK(m.status().code() == taxa::StatusCode::kInvalidInput, m.status().message());
    FUZZ_CHECK(m.status().message().starts_with(path + ": "), m.status().message());
    return 0;
  }
  taxa::Result<taxa::core::Semver> v = taxa::core::ParseSemver(m->version);
  FUZZ_CHECK(v.ok(), "accepts version " + m->version);
  FUZZ_CHECK(taxa::core::CompareSemver(*v, *v) == 0, "a version differs from itself");
  FUZZ_CHECK(path.ends_with("/" + m->version + ".json"), "the file is named otherwise");

  const std::string encoded = taxa::core::EncodeRelease(*m);
  taxa::Result<ReleaseManifest> again = taxa::core::DecodeRelease(encoded, path);
  FUZZ_CHECK(again.ok(), again.status().message());
  FUZZ_CHECK(Same(*m, *again), "the manifest does not read back: " + encoded);
  FUZZ_CHECK(taxa::core::EncodeRelease(*again) == encoded, "not stable: " + encoded);
  return 0;
}
