// For the index's tests: a commit's tree as a map (path -> bytes), and
// applying the change from one such tree to another to an Index, as the
// session does with the diff of two commits.
//
//   Files before, after = before;
//   after["labels/ana/dev1/00000001.jsonl.zst"] = CompressFrame(lines);
//   MustApply(index, before, after, "c2");
#pragma once

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "taxa/core/index.h"

namespace taxa::testing {

using Files = std::map<std::string, std::string>;  // a commit's tree: path -> bytes

// The changes that turn tree `from` into tree `to`.
inline std::vector<core::FileChange> Diff(const Files& from, const Files& to) {
  std::vector<core::FileChange> out;
  for (const auto& [path, bytes] : to) {
    auto it = from.find(path);
    if (it == from.end()) out.push_back({path, core::FileChange::Kind::kAdded});
    else if (it->second != bytes) out.push_back({path, core::FileChange::Kind::kModified});
  }
  for (const auto& [path, bytes] : from)
    if (!to.count(path)) out.push_back({path, core::FileChange::Kind::kDeleted});
  return out;
}

// Reads files of `files` (which must outlive the loader).
inline core::FileLoader LoaderOf(const Files& files) {
  return [&files](const std::string& path) -> Result<std::string> {
    auto it = files.find(path);
    if (it == files.end()) return Status::NotFound(path + ": not in the commit");
    return it->second;
  };
}

inline core::Index MustOpen(const std::string& path) {
  Result<core::Index> index = core::Index::Open(path);
  EXPECT_TRUE(index.ok()) << index.status().message();
  return index.ok() ? std::move(*index) : core::Index();
}

// Applies the change from `from` to `to` as commit `commit`.
inline void MustApply(core::Index& index, const Files& from, const Files& to,
                      const std::string& commit) {
  Status s = index.Apply(Diff(from, to), LoaderOf(to), commit);
  ASSERT_TRUE(s.ok()) << commit << ": " << s.message();
  EXPECT_EQ(index.indexed_commit(), commit);
}

}  // namespace taxa::testing
