// A calibration round's file (calibration/<name>.json), which arrives with
// every pull: DecodeRound against nlohmann's reading of the same bytes (the
// seed exactly as written: a round is re-drawn from it) and the round trip
// through EncodeRound.
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz/fuzz_support.h"
#include "taxa/core/calibration_round.h"

namespace {

using taxa::core::CalibrationRound;

bool Same(const CalibrationRound& a, const CalibrationRound& b) {
  return a.name == b.name && a.created == b.created && a.created_by == b.created_by &&
         a.commit == b.commit && a.taxonomy == b.taxonomy && a.plan == b.plan && a.seed == b.seed &&
         a.annotators == b.annotators && a.items == b.items;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view bytes = taxa::fuzz::Text(data, size);
  const std::string path = "calibration/r1.json";
  taxa::Result<CalibrationRound> r = taxa::core::DecodeRound(bytes, path);
  if (!r.ok()) {
    FUZZ_CHECK(r.status().code() == taxa::StatusCode::kInvalidInput, r.status().message());
    FUZZ_CHECK(r.status().message().starts_with(path + ": "), r.status().message());
    return 0;
  }
  const taxa::fuzz::JsonFacts facts = taxa::fuzz::ReadJson(bytes, /*skip_bom=*/true);
  FUZZ_CHECK(facts.valid && facts.value.is_object(), "accepts what nlohmann does not read");
  const nlohmann::json& seed = facts.value["seed"];
  FUZZ_CHECK(seed.is_number_unsigned() && seed.get<uint64_t>() == r->seed,
             "seed " + seed.dump() + " read as " + std::to_string(r->seed));

  const std::string encoded = taxa::core::EncodeRound(*r);
  taxa::Result<CalibrationRound> again = taxa::core::DecodeRound(encoded, path);
  FUZZ_CHECK(again.ok(), again.status().message());
  FUZZ_CHECK(Same(*r, *again), "the round does not read back: " + encoded);
  FUZZ_CHECK(taxa::core::EncodeRound(*again) == encoded, "not stable: " + encoded);
  return 0;
}
