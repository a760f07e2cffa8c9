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

std::string FoldAnnotatorName(std::string name) {
  for (char& c : name)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return name;
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

Result<std::vector<SegmentFile>> AppendLines(const std::string& folder,
                                             const std::optional<OpenSegment>& open,
                                             std::vector<SegmentLine> fresh,
                                             const SegmentLineId& id_of, size_t max_events) {
  // Everything below works on views: into the caller's lines or the open
  // segment's text.
  auto id_of_entry = [](const SegmentLine& e) { return e.id; };
  ParallelSortByText(fresh.begin(), fresh.end(), id_of_entry, std::less<>());
  fresh.erase(std::unique(fresh.begin(), fresh.end(),
                          [](const SegmentLine& a, const SegmentLine& b) { return a.id == b.id; }),
              fresh.end());

  std::vector<SegmentLine> held;  // the open segment's lines, sorted by id
  std::string open_text;
  unsigned seq = 1;
  if (open) {
    seq = SeqOf(open->path);
    TAXA_ASSIGN_OR_RETURN(open_text, DecompressFrame(open->bytes, open->path));
    TAXA_RETURN_IF_ERROR(ForEachLine(open_text, [&](std::string_view line, size_t n) -> Status {
      TAXA_ASSIGN_OR_RETURN(std::string id, id_of(line, open->path + ":" + std::to_string(n)));
      // The id is a prefix of the line's text: {"id":"<id>",...
      size_t at = line.find(id);
      held.push_back({line.substr(at, id.size()), line});
      return Status::Ok();
    }));
    ParallelSortByText(held.begin(), held.end(), id_of_entry, std::less<>());
    // Events the open segment holds already (a replayed journal) are not new.
    std::erase_if(fresh, [&](const SegmentLine& e) {
      return std::binary_search(held.begin(), held.end(), e);
    });
    if (fresh.empty()) return std::vector<SegmentFile>();
    if (held.size() >= max_events) {  // already full: seal it, open the next
      held.clear();
      ++seq;
    }
  }
  if (fresh.empty()) return std::vector<SegmentFile>();

  // Fill the open segment up to max_events, then new ones.
  struct Pending {
    unsigned seq;
    std::vector<SegmentLine> lines;
  };
  std::vector<Pending> pending;
  pending.push_back({seq, std::move(held)});
  for (const SegmentLine& e : fresh) {
    if (pending.back().lines.size() >= max_events) pending.push_back({pending.back().seq + 1, {}});
    pending.back().lines.push_back(e);
  }
  std::vector<SegmentFile> out(pending.size());
  ParallelFor(pending.size(), [&](size_t n) {
    std::vector<SegmentLine>& seg = pending[n].lines;
    if (!std::is_sorted(seg.begin(), seg.end())) std::sort(seg.begin(), seg.end());
    std::vector<std::string_view> text;
    text.reserve(seg.size());
    for (const SegmentLine& e : seg) text.push_back(e.line);
    out[n] = SegmentFile{SegmentName(folder, pending[n].seq), EncodeShardLines(text), text.size()};
  });
  return out;
}

Result<std::vector<SegmentFile>> AppendEvents(const std::string& folder,
                                              const std::optional<OpenSegment>& open,
                                              const std::vector<const LabelEvent*>& events,
                                              const std::vector<std::string_view>* lines_given,
                                              size_t max_events) {
  assert(lines_given == nullptr || lines_given->size() == events.size());
  std::vector<SegmentLine> fresh(events.size());
  std::vector<std::string> encoded(lines_given ? 0 : events.size());
  constexpr size_t kChunk = 4096;
  ParallelFor((events.size() + kChunk - 1) / kChunk, [&](size_t chunk) {
    size_t end = std::min(events.size(), (chunk + 1) * kChunk);
    for (size_t i = chunk * kChunk; i < end; ++i) {
      if (!lines_given) encoded[i] = EncodeEventLine(*events[i]);
      fresh[i] = {events[i]->id, lines_given ? (*lines_given)[i] : encoded[i]};
    }
  });
  return AppendLines(
      folder, open, std::move(fresh),
      [](std::string_view line, const std::string& where) -> Result<std::string> {
        TAXA_ASSIGN_OR_RETURN(LabelEvent e, DecodeEventLine(line, where));
        return std::move(e.id);
      },
      max_events);
}

Result<std::vector<SegmentFile>> AppendEvents(const std::string& folder,
                                              const std::optional<OpenSegment>& open,
                                              std::vector<LabelEvent> events, size_t max_events) {
  std::vector<const LabelEvent*> refs;
  refs.reserve(events.size());
  for (const LabelEvent& e : events) refs.push_back(&e);
  return AppendEvents(folder, open, refs, nullptr, max_events);
}

}  // namespace taxa::core
