#include "taxa/core/segment_writer.h"

#include <algorithm>
#include <cstdio>

#include "taxa/core/shard.h"

namespace taxa::core {

Status CheckAnnotatorName(const std::string& name) {
  if (name.empty()) return Status::InvalidInput("annotator name is empty");
  if (name.size() > 64) return Status::InvalidInput("annotator name \"" + name + "\" is too long");
  if (name[0] == '.')
    return Status::InvalidInput("annotator name \"" + name + "\" may not start with '.'");
  for (char c : name) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '_' || c == '.' || c == '@' || c == '-';
    if (!ok)
      return Status::InvalidInput("annotator name \"" + name +
                                  "\" may hold only letters, digits, '_', '.', '@' and '-'");
  }
  return Status::Ok();
}

Result<std::string> SegmentFolder(const std::string& annotator, const std::string& device) {
  TAXA_RETURN_IF_ERROR(CheckAnnotatorName(annotator));
  TAXA_RETURN_IF_ERROR(CheckAnnotatorName(device).WithPrefix("device id"));
  return "labels/" + annotator + "/" + device + "/";
}

namespace {

std::string SegmentName(const std::string& folder, unsigned seq) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%08u.jsonl.zst", seq);
  return folder + buf;
}

unsigned SeqOf(const std::string& path) {
  size_t slash = path.rfind('/');
  return static_cast<unsigned>(std::strtoul(path.c_str() + slash + 1, nullptr, 10));
}

}  // namespace

Result<std::vector<std::pair<std::string, std::string>>> AppendEvents(
    const std::string& folder, const std::optional<OpenSegment>& open,
    std::vector<LabelEvent> events, size_t max_events) {
  std::sort(events.begin(), events.end(),
            [](const LabelEvent& a, const LabelEvent& b) { return a.id < b.id; });
  events.erase(std::unique(events.begin(), events.end(),
                           [](const LabelEvent& a, const LabelEvent& b) { return a.id == b.id; }),
               events.end());

  // Lines of the open segment, keyed by id (the text before the first comma
  // of a canonical line is {"id":"<id>").
  std::vector<std::pair<std::string, std::string>> lines;  // id -> line
  unsigned seq = 1;
  if (open) {
    seq = SeqOf(open->path);
    TAXA_ASSIGN_OR_RETURN(std::string text, DecompressFrame(open->bytes, open->path));
    TAXA_RETURN_IF_ERROR(ForEachLine(text, [&](std::string_view line, size_t n) -> Status {
      TAXA_ASSIGN_OR_RETURN(LabelEvent e, DecodeEventLine(line, open->path + ":" + std::to_string(n)));
      lines.emplace_back(e.id, std::string(line));
      return Status::Ok();
    }));
    // Events the open segment holds already (a replayed journal) are not new.
    std::vector<std::string_view> held;
    held.reserve(lines.size());
    for (const auto& [id, line] : lines) held.push_back(id);
    std::sort(held.begin(), held.end());
    std::erase_if(events, [&](const LabelEvent& e) {
      return std::binary_search(held.begin(), held.end(), std::string_view(e.id));
    });
    if (events.empty()) return std::vector<std::pair<std::string, std::string>>();
    if (lines.size() >= max_events) {  // already full: seal it, open the next
      lines.clear();
      ++seq;
    }
  }
  size_t sealed_count = lines.size();
  std::vector<std::pair<std::string, std::string>> out;
  auto emit = [&]() {
    std::sort(lines.begin(), lines.end());
    lines.erase(std::unique(lines.begin(), lines.end(),
                            [](const auto& a, const auto& b) { return a.first == b.first; }),
                lines.end());
    std::vector<std::string> text;
    text.reserve(lines.size());
    for (auto& [id, line] : lines) text.push_back(std::move(line));
    out.emplace_back(SegmentName(folder, seq), EncodeShard(text));
  };
  bool changed = false;
  for (const LabelEvent& e : events) {
    if (lines.size() >= max_events) {
      emit();
      lines.clear();
      ++seq;
      changed = false;
    }
    lines.emplace_back(e.id, EncodeEventLine(e));
    changed = true;
  }
  if (changed || (lines.size() != sealed_count)) emit();
  // A replay of events the open segment already holds rewrites nothing.
  if (open && out.size() == 1 && out[0].first == open->path) {
    TAXA_ASSIGN_OR_RETURN(std::string before, DecompressFrame(open->bytes, open->path));
    TAXA_ASSIGN_OR_RETURN(std::string after, DecompressFrame(out[0].second, open->path));
    if (before == after) out.clear();
  }
  return out;
}

}  // namespace taxa::core
