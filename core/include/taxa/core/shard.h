// Shards: zstd frames of JSON Lines, as items and label events are stored.
//
// A shard is a single zstd frame with the content checksum on, so `zstdcat`
// reads it and a flipped bit or a truncated file is detected. Lines are sorted
// by the caller (items by id, events by event id) before encoding.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "taxa/core/status.h"

namespace taxa::core {

inline constexpr int kShardLevel = 3;

// Joins `lines` with '\n' (and a final '\n') and compresses them.
std::string EncodeShard(const std::vector<std::string>& lines, int level = kShardLevel);
std::string EncodeShardLines(const std::vector<std::string_view>& lines, int level = kShardLevel);
std::string CompressFrame(std::string_view data, int level = kShardLevel);

// Decompresses a whole shard. kCorrupt, naming `name`, when the bytes are not a
// complete zstd frame, the checksum fails, there is trailing garbage, or the
// frame declares more content than its blocks can hold (memory is allocated
// for the content only once the claim is plausible).
Result<std::string> DecompressFrame(std::string_view bytes, std::string_view name);

// Calls `fn(line, line_number)` for each non-empty line of decompressed text;
// stops at and returns the first error `fn` returns.
Status ForEachLine(std::string_view text,
                   const std::function<Status(std::string_view, size_t)>& fn);

}  // namespace taxa::core
