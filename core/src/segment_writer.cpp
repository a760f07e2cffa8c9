#include "taxa/core/segment_writer.h"

#include <algorithm>
#include <cstdio>

#include "taxa/core/parallel.h"
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

Result<std::vector<SegmentFile>> AppendEvents(
    const std::string& folder, const std::optional<OpenSegment>& open,
    std::vector<LabelEvent> events, size_t max_events, std::vector<std::string>* lines_given) {
  assert(lines_given == nullptr || lines_given->size() == events.size());
  // Sort by id through pointers: events are large, and many.
  std::vector<const LabelEvent*> order;
  order.reserve(events.size());
  for (const LabelEvent& e : events) order.push_back(&e);
  std::sort(order.begin(), order.end(),
            [](const LabelEvent* a, const LabelEvent* b) { return a->id < b->id; });
  order.erase(std::unique(order.begin(), order.end(),
                          [](const LabelEvent* a, const LabelEvent* b) { return a->id == b->id; }),
              order.end());

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
    std::erase_if(order, [&](const LabelEvent* e) {
      return std::binary_search(held.begin(), held.end(), std::string_view(e->id));
    });
    if (order.empty()) return std::vector<SegmentFile>();
    if (lines.size() >= max_events) {  // already full: seal it, open the next
      lines.clear();
      ++seq;
    }
  }
  if (order.empty()) return std::vector<SegmentFile>();

  // Encode the new lines on every core, then fill segments up to max_events.
  std::vector<std::string> encoded(order.size());
  constexpr size_t kChunk = 4096;
  ParallelFor((order.size() + kChunk - 1) / kChunk, [&](size_t chunk) {
    size_t end = std::min(order.size(), (chunk + 1) * kChunk);
    for (size_t i = chunk * kChunk; i < end; ++i) {
      size_t at = static_cast<size_t>(order[i] - events.data());
      encoded[i] = lines_given ? std::move((*lines_given)[at]) : EncodeEventLine(*order[i]);
    }
  });
  struct Pending {
    unsigned seq;
    std::vector<std::pair<std::string, std::string>> lines;  // id -> line
  };
  std::vector<Pending> pending;
  pending.push_back({seq, std::move(lines)});
  for (size_t i = 0; i < order.size(); ++i) {
    if (pending.back().lines.size() >= max_events) pending.push_back({pending.back().seq + 1, {}});
    pending.back().lines.emplace_back(order[i]->id, std::move(encoded[i]));
  }
  std::vector<SegmentFile> out(pending.size());
  ParallelFor(pending.size(), [&](size_t n) {
    std::vector<std::pair<std::string, std::string>>& seg = pending[n].lines;
    std::sort(seg.begin(), seg.end());
    std::vector<std::string> text;
    text.reserve(seg.size());
    for (auto& [id, line] : seg) text.push_back(std::move(line));
    out[n] = SegmentFile{SegmentName(folder, pending[n].seq), EncodeShard(text), text.size()};
  });
  return out;
}

}  // namespace taxa::core
