// Raw bytes as a shard file (items/.../N.jsonl.zst, labels/.../N.jsonl.zst)
// as a peer or a damaged disk may hand them over: DecompressFrame must return
// the text or kCorrupt naming the file, without trusting the frame's
// declared size, and each line then goes to both line decoders as the index
// does.
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz/fuzz_support.h"

#include "taxa/core/item.h"
#include "taxa/core/label_event.h"
#include "taxa/core/shard.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view bytes = taxa::fuzz::Text(data, size);
  taxa::Result<std::string> text = taxa::core::DecompressFrame(bytes, "items/b/1.jsonl.zst");
  if (!text.ok()) {
    FUZZ_CHECK(text.status().code() == taxa::StatusCode::kCorrupt, text.status().message());
    FUZZ_CHECK(text.status().message().starts_with("items/b/1.jsonl.zst: "),
               text.status().message());
    return 0;
  }
  // What decompressed compresses and decompresses back to itself.
  taxa::Result<std::string> again =
      taxa::core::DecompressFrame(taxa::core::CompressFrame(*text), "again");
  FUZZ_CHECK(again.ok() && *again == *text, "a round trip changes the text");
  taxa::Status lines = taxa::core::ForEachLine(*text, [](std::string_view line, size_t n) {
    (void)taxa::core::DecodeItemLine(line, "i:" + std::to_string(n));
    (void)taxa::core::DecodeEventLine(line, "e:" + std::to_string(n));
    return taxa::Status::Ok();
  });
  FUZZ_CHECK(lines.ok(), lines.message());
  return 0;
}
