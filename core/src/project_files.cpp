#include "taxa/core/project_files.h"

#include <nlohmann/json.hpp>

#include <unordered_set>
#include <vector>

#include "taxa/core/item.h"
#include "taxa/core/label_event.h"
#include "taxa/core/calibration_round.h"
#include "taxa/core/decoded_segments.h"
#include "taxa/core/layout.h"
#include "taxa/core/merge.h"
#include "taxa/core/predictions.h"
#include "taxa/core/release.h"
#include "taxa/core/review_event.h"
#include "taxa/core/shard.h"
#include "taxa/core/taxonomy_codec.h"
#include "taxa/core/text.h"

namespace taxa::core {

namespace {

using nlohmann::json;

// A decoder's failure as content that does not read (kCorrupt), one line
// that starts with the path.
Status AsCorrupt(const Status& s, const std::string& path) {
  if (s.ok()) return s;
  std::string m = s.message();
  for (char& c : m)
    if (c == '\n' || c == '\r') c = ' ';
  if (!m.starts_with(path)) m = path + ": " + m;
  return Status::Corrupt(m);
}

Status CheckJsonObject(std::string_view bytes, const std::string& path) {
  json j = json::parse(bytes, nullptr, false);
  if (j.is_discarded()) return Status::Corrupt(path + ": not valid JSON");
  if (!j.is_object()) return Status::Corrupt(path + ": not a JSON object");
  return Status::Ok();
}

// The fields a calibration round has (app/session/calibration_ops.cpp
// writes them): name, plan, seed, annotators and items required; created,
// created_by, commit and taxonomy text when present.
Status CheckCalibrationRound(std::string_view bytes, const std::string& path) {
  return AsCorrupt(DecodeRound(bytes, path).status(), path);
}

Status CheckItemShard(std::string_view bytes, const std::string& path) {
  Result<std::string> text = DecompressFrame(bytes, path);
  if (!text.ok()) return AsCorrupt(text.status(), path);
  size_t n = 0;
  for (std::string_view line : Lines(*text)) {
    ++n;
    if (Result<Item> item = DecodeItemLine(line, ""); !item.ok())
      return AsCorrupt(DecodeItemLine(line, path + ":" + std::to_string(n)).status(), path);
  }
  return Status::Ok();
}

// Label, gold and review segments. Line numbers count every line of the
// segment, also those not decoded because `before` held them.
Status CheckSegment(std::string_view bytes, const std::string& path,
                    std::optional<std::string_view> before, ProjectFileKind kind,
                    DecodedSegments* keep) {
  Result<std::string> text = DecompressFrame(bytes, path);
  if (!text.ok()) return AsCorrupt(text.status(), path);
  std::string before_text;
  std::unordered_set<std::string_view> held;
  if (before) {
    // The parent's version was checked (or is ours); if it does not read,
    // every line is checked here instead.
    Result<std::string> old = DecompressFrame(*before, path);
    if (old.ok()) {
      before_text = std::move(*old);
      for (std::string_view line : Lines(before_text)) held.insert(line);
    }
  }
  std::optional<SegmentPathParts> parts = ParseSegmentPath(path);
  // Every event, for the index, when every line is decoded here.
  const bool keeping = keep != nullptr && held.empty() && kind != ProjectFileKind::kReviewSegment;
  std::vector<LabelEvent> events;
  size_t n = 0;
  for (std::string_view line : Lines(*text)) {
    ++n;
    if (held.count(line)) continue;
    // Messages name the line; building that name is left to the rare failure.
    auto where = [&] { return path + ":" + std::to_string(n); };
    if (kind == ProjectFileKind::kReviewSegment) {
      Result<ReviewEvent> r = DecodeReviewLine(line, "");
      if (!r.ok()) return AsCorrupt(DecodeReviewLine(line, where()).status(), path);
      if (parts && (r->reviewer != parts->annotator || r->device != parts->device))
        return Status::Corrupt(where() + ": review by " + r->reviewer + " on device " +
                               r->device + " in the folder of " + std::string(parts->annotator) +
                               " on device " + std::string(parts->device));
      continue;
    }
    Result<LabelEvent> e = DecodeEventLine(line, "");
    if (!e.ok()) return AsCorrupt(DecodeEventLine(line, where()).status(), path);
    if (parts && (e->annotator != parts->annotator || e->device != parts->device))
      return Status::Corrupt(where() + ": event of " + e->annotator + " on device " + e->device +
                             " in the folder of " + std::string(parts->annotator) +
                             " on device " + std::string(parts->device));
    if (keeping) events.push_back(std::move(*e));
  }
  if (keeping) keep->Keep(path, bytes, std::move(events));
  return Status::Ok();
}

}  // namespace

Status CheckProjectFile(std::string_view path_view, std::string_view bytes,
                        std::optional<std::string_view> before, DecodedSegments* keep) {
  TAXA_ASSIGN_OR_RETURN(ProjectFileKind kind, ClassifyProjectPath(path_view));
  const std::string path(path_view);
  switch (kind) {
    case ProjectFileKind::kSettings: return AsCorrupt(DecodeSettings(bytes).status(), path);
    case ProjectFileKind::kCategory:
      return AsCorrupt(DecodeCategory(bytes, path).status(), path);
    case ProjectFileKind::kAttribute:
      return AsCorrupt(DecodeAttribute(bytes, path).status(), path);
    case ProjectFileKind::kRelease: return AsCorrupt(DecodeRelease(bytes, path).status(), path);
    case ProjectFileKind::kConflict: return AsCorrupt(DecodeConflict(bytes, path).status(), path);
    case ProjectFileKind::kCalibrationRound: return CheckCalibrationRound(bytes, path);
    case ProjectFileKind::kPlan: return CheckJsonObject(bytes, path);
    case ProjectFileKind::kDatasheet:
      if (!IsValidUtf8(bytes)) return Status::Corrupt(path + ": not valid UTF-8 text");
      return Status::Ok();
    case ProjectFileKind::kItemShard: return CheckItemShard(bytes, path);
    case ProjectFileKind::kLabelSegment:
    case ProjectFileKind::kGoldSegment:
    case ProjectFileKind::kReviewSegment: return CheckSegment(bytes, path, before, kind, keep);
    case ProjectFileKind::kPredictions: return CheckPredictionsFile(path, bytes);
  }
  return Status::Internal(path + ": unknown kind of file");
}

Status CheckProjectTaxonomy(const std::map<std::string, std::string>& files) {
  Result<Taxonomy> decoded = DecodeTaxonomy(files);
  if (!decoded.ok()) return AsCorrupt(decoded.status(), "taxonomy");
  const Taxonomy& t = *decoded;
  auto where = [](const std::string& id) { return std::string(CategoryPath(id)); };
  for (const auto& [id, c] : t.categories()) {
    if (!c.parent.empty() && t.Find(c.parent) == nullptr)
      return Status::Corrupt(where(id) + ": parent \"" + c.parent + "\" does not exist");
    if (!c.replaced_by.empty() && t.Find(c.replaced_by) == nullptr)
      return Status::Corrupt(where(id) + ": replacement \"" + c.replaced_by +
                             "\" does not exist");
    for (const std::string& a : c.attributes)
      if (t.FindAttribute(a) == nullptr)
        return Status::Corrupt(where(id) + ": attribute \"" + a + "\" does not exist");
    // Following parents from here must reach a top-level category within as
    // many steps as there are categories.
    const Category* at = &c;
    for (size_t steps = 0; !at->parent.empty(); ++steps) {
      if (steps >= t.size())
        return Status::Corrupt(where(id) + ": its parents form a cycle");
      at = t.Find(at->parent);
      if (at == nullptr) break;  // a dangling parent higher up, reported for that category
    }
  }
  return Status::Ok();
}

}  // namespace taxa::core
