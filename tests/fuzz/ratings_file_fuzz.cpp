// A reliability-data file for `taxa agree FILE` (ratings_file.h), read as
// CSV and as JSON Lines and for each value kind. The first line of the input
// picks the format and kind when it is one of "#csv category", "#jsonl
// number", ... (else CSV and categories). What is read must hold together:
// every rating names a known item, annotator and value; a number is finite.
#include <cmath>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz/fuzz_support.h"

#include "taxa/core/agreement.h"
#include "taxa/core/ratings_file.h"

namespace {

using taxa::core::RatingsFormat;
using taxa::core::ValueKind;

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view bytes = taxa::fuzz::Text(data, size);
  RatingsFormat format = RatingsFormat::kCsv;
  ValueKind kind = ValueKind::kCategory;
  if (bytes.starts_with("#")) {
    size_t eol = bytes.find('\n');
    std::string_view head = bytes.substr(0, eol);
    if (head.find("jsonl") != std::string_view::npos) format = RatingsFormat::kJsonLines;
    if (head.find("number") != std::string_view::npos) kind = ValueKind::kNumber;
    if (head.find("labels") != std::string_view::npos) kind = ValueKind::kLabelSet;
    bytes = eol == std::string_view::npos ? std::string_view() : bytes.substr(eol + 1);
  }
  const std::string name = format == RatingsFormat::kCsv ? "fuzz.csv" : "fuzz.jsonl";
  taxa::Result<taxa::core::Ratings> r = taxa::core::ReadRatingsFile(bytes, name, format, kind);
  if (!r.ok()) {
    FUZZ_CHECK(r.status().code() == taxa::StatusCode::kInvalidInput, r.status().message());
    FUZZ_CHECK(r.status().message().starts_with(name + ":"), r.status().message());
    return 0;
  }
  FUZZ_CHECK(r->RatingCount() == 0 || r->kind == kind, "the ratings are of another kind");
  FUZZ_CHECK(r->item_begin.empty() || r->item_begin.size() == r->ItemCount() + 1, "item rows");
  FUZZ_CHECK(r->rating_annotator.size() == r->RatingCount(), "annotator per rating");
  for (size_t i = 0; i < r->ItemCount(); ++i)
    FUZZ_CHECK(r->item_begin[i] < r->item_begin[i + 1], "an item without ratings");
  for (size_t k = 0; k < r->RatingCount(); ++k) {
    FUZZ_CHECK(r->rating_annotator[k] < r->AnnotatorCount(), "unknown annotator code");
    FUZZ_CHECK(r->rating_value[k] < r->ValueCount(), "unknown value code");
  }
  for (double v : r->value_numbers) FUZZ_CHECK(std::isfinite(v), "a number is not finite");
  if (r->kind == ValueKind::kNumber)
    FUZZ_CHECK(r->value_numbers.size() == r->ValueCount(), "a number without its value");
  return 0;
}
