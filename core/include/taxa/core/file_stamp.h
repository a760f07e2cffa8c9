// File-name stamps: a UTC time to the second written YYYYMMDDTHHMMSSZ
// (20261207T091502Z), so that names sort as their times do. Item batches
// (items/<stamp>-<8 hex>/) and predictions files
// (predictions/<model>/<stamp>-<16 hex>.jsonl.zst) start with one.
//
//   FileStamp(1796637600) == "20261207T100000Z"
//   ParseFileStamp("20261207T100000Z") == 1796637600
//   ParseFileStamp("20260230T100000Z") == nullopt  (no 30 February)
//
// Pure; safe from any thread.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace taxa::core {

inline constexpr size_t kFileStampSize = 16;

// `seconds` since the epoch (UTC) as a stamp.
std::string FileStamp(int64_t seconds);

// The seconds since the epoch of `stamp`; nullopt unless it is exactly a
// stamp of a real date and time (FileStamp of its result gives it back).
std::optional<int64_t> ParseFileStamp(std::string_view stamp);

// The name of an item batch imported at `seconds` from a file whose SHA-256
// is `sha256_hex`: "<stamp>-<its first 8 hex digits>".
std::string ItemBatchName(int64_t seconds, std::string_view sha256_hex);

// When the items of the shard at `path` (items/<batch>/<n>.jsonl.zst) came
// into the project: the stamp their batch's name starts with. nullopt for
// any other path, or a batch named some other way (by hand).
std::optional<int64_t> ItemBatchArrival(std::string_view path);

}  // namespace taxa::core
