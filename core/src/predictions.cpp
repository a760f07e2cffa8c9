#include "taxa/core/predictions.h"

#include <algorithm>
#include <charconv>
#include <cmath>

#include <nlohmann/json.hpp>

#include "json_scan.h"
#include "taxa/core/file_stamp.h"
#include "taxa/core/sha256.h"
#include "taxa/core/shard.h"
#include "taxa/core/taxonomy.h"
#include "taxa/core/text.h"

namespace taxa::core {

namespace {

namespace js = json_scan;

constexpr std::string_view kDir = "predictions/";
constexpr std::string_view kSuffix = ".jsonl.zst";

bool ReadDouble(std::string_view s, size_t& pos, double& out) {
  js::SkipSpace(s, pos);
  const size_t start = pos;
  if (!js::SkipNumber(s, pos)) return false;
  auto [end, ec] = std::from_chars(s.data() + start, s.data() + pos, out);
  return ec == std::errc() && end == s.data() + pos;
}

}  // namespace

Result<Prediction> DecodePredictionLine(std::string_view s, const std::string& where) {
  Prediction p;
  TAXA_RETURN_IF_ERROR(DecodePredictionLineInto(s, where, p));
  return p;
}

Status DecodePredictionLineInto(std::string_view s, const std::string& where, Prediction& p) {
  auto bad = [&](const std::string& why) { return Status::InvalidInput(where + ": " + why); };
  auto field = [&](const char* name, const std::string& why) {
    return bad("field \"" + std::string(name) + "\" " + why);
  };
  p.item.clear();
  p.category.clear();
  p.model.clear();
  p.line = 0;
  // The probabilities' strings are reused from line to line: `used` of them hold this line's.
  size_t used = 0;
  bool has_item = false, has_category = false;
  size_t pos = 0;
  if (!js::Expect(s, pos, '{')) return bad("not a JSON object");
  js::SkipSpace(s, pos);
  std::string key;
  if (pos < s.size() && s[pos] == '}') {
    ++pos;
  } else {
    for (;;) {
      if (!js::ReadString(s, pos, key) || !js::Expect(s, pos, ':')) return bad("not valid JSON");
      js::SkipSpace(s, pos);
      if (key == "item" || key == "category" || key == "model") {
        std::string& out = key == "item" ? p.item : key == "category" ? p.category : p.model;
        if (pos >= s.size() || s[pos] != '"') return field(key.c_str(), "must be a string");
        if (!js::ReadString(s, pos, out)) return bad("not valid JSON");
        if (key == "item") has_item = true;
        if (key == "category") has_category = true;
      } else if (key == "probabilities") {
        if (pos >= s.size() || s[pos] != '{')
          return field("probabilities", "must be an object of category -> probability");
        ++pos;
        used = 0;
        js::SkipSpace(s, pos);
        if (pos < s.size() && s[pos] == '}') {
          ++pos;
        } else {
          for (std::string c;;) {
            if (!js::ReadString(s, pos, c) || !js::Expect(s, pos, ':'))
              return bad("not valid JSON");
            double v = 0;
            js::SkipSpace(s, pos);
            if (pos >= s.size() || !(s[pos] == '-' || (s[pos] >= '0' && s[pos] <= '9')))
              return field("probabilities", "must hold numbers (\"" + c + "\" is not one)");
            if (!ReadDouble(s, pos, v)) return bad("not valid JSON");
            if (!std::isfinite(v) || v < 0 || v > 1)
              return field("probabilities", "must hold numbers in [0, 1] (\"" + c + "\" is " +
                                                nlohmann::json(v).dump() + ")");
            if (used < p.probabilities.size()) {
              p.probabilities[used].first.swap(c);
              p.probabilities[used].second = v;
            } else {
              p.probabilities.emplace_back(std::move(c), v);
            }
            ++used;
            js::SkipSpace(s, pos);
            if (pos < s.size() && s[pos] == ',') {
              ++pos;
              continue;
            }
            if (!js::Expect(s, pos, '}')) return bad("not valid JSON");
            break;
          }
        }
      } else if (!js::SkipValue(s, pos)) {
        return bad("not valid JSON");
      }
      js::SkipSpace(s, pos);
      if (pos < s.size() && s[pos] == ',') {
        ++pos;
        continue;
      }
      if (!js::Expect(s, pos, '}')) return bad("not valid JSON");
      break;
    }
  }
  p.probabilities.resize(used);
  js::SkipSpace(s, pos);
  if (pos != s.size()) return bad("not valid JSON (text after the object)");
  if (!has_item) return field("item", "is missing");
  if (p.item.empty()) return field("item", "is empty");
  if (!has_category) return field("category", "is missing");
  if (p.category.empty()) return field("category", "is empty");
  if (!p.probabilities.empty()) {
    if (!std::is_sorted(p.probabilities.begin(), p.probabilities.end()))
      std::sort(p.probabilities.begin(), p.probabilities.end());
    double sum = 0;
    for (size_t i = 0; i < p.probabilities.size(); ++i) {
      if (i > 0 && p.probabilities[i].first == p.probabilities[i - 1].first)
        return field("probabilities", "lists \"" + p.probabilities[i].first + "\" twice");
      sum += p.probabilities[i].second;
    }
    if (std::fabs(sum - 1) > kProbabilitySumTolerance)
      return field("probabilities", "must sum to 1 (they sum to " + nlohmann::json(sum).dump() +
                                        ")");
  }
  return Status::Ok();
}

std::string EncodePredictionLine(const Prediction& p) {
  std::string out = "{\"item\":";
  out += nlohmann::json(p.item).dump();
  out += ",\"category\":";
  out += nlohmann::json(p.category).dump();
  if (!p.probabilities.empty()) {
    out += ",\"probabilities\":{";
    char buf[64];
    for (size_t i = 0; i < p.probabilities.size(); ++i) {
      if (i) out += ',';
      out += nlohmann::json(p.probabilities[i].first).dump();
      out += ':';
      auto [end, ec] = std::to_chars(buf, buf + sizeof buf, p.probabilities[i].second);
      out.append(buf, end);
    }
    out += '}';
  }
  out += '}';
  return out;
}

Result<std::vector<Prediction>> ParsePredictionsFile(std::string_view bytes,
                                                     const std::string& file_name) {
  if (!IsValidUtf8(bytes)) return Status::InvalidInput(file_name + ": not valid UTF-8 text");
  std::vector<Prediction> out;
  size_t n = 0;
  size_t start = 0;
  while (start <= bytes.size()) {
    size_t nl = bytes.find('\n', start);
    std::string_view line =
        bytes.substr(start, nl == std::string_view::npos ? std::string_view::npos : nl - start);
    ++n;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    bool blank = std::all_of(line.begin(), line.end(),
                             [](char c) { return c == ' ' || c == '\t'; });
    if (!blank) {
      TAXA_ASSIGN_OR_RETURN(Prediction p,
                            DecodePredictionLine(line, file_name + ":" + std::to_string(n)));
      p.line = n;
      out.push_back(std::move(p));
    }
    if (nl == std::string_view::npos) break;
    start = nl + 1;
  }
  return out;
}

std::string PredictionsPath(std::string_view model, std::string_view stamp,
                            std::string_view hash) {
  std::string out(kDir);
  out += model;
  out += '/';
  out += stamp;
  out += '-';
  out += hash;
  out += kSuffix;
  return out;
}

Result<PredictionsPathParts> ParsePredictionsPath(std::string_view path) {
  auto refuse = [&](const std::string& why) {
    return Status::InvalidInput(std::string(path) + ": " + why);
  };
  if (!path.starts_with(kDir)) return refuse("not a predictions file");
  std::string_view rest = path.substr(kDir.size());
  size_t slash = rest.find('/');
  if (slash == std::string_view::npos) return refuse("not a predictions file");
  PredictionsPathParts parts;
  parts.model = std::string(rest.substr(0, slash));
  if (Status s = CheckId(parts.model, "model"); !s.ok()) return refuse(s.message());
  std::string_view name = rest.substr(slash + 1);
  // YYYYMMDDTHHMMSSZ-<16 hex>.jsonl.zst
  constexpr size_t kStamp = kFileStampSize, kHash = 16;
  if (name.size() != kStamp + 1 + kHash + kSuffix.size() || !name.ends_with(kSuffix) ||
      name[kStamp] != '-')
    return refuse("predictions files are named <YYYYMMDDTHHMMSSZ>-<16 hex digits>.jsonl.zst");
  std::string_view stamp = name.substr(0, kStamp), hash = name.substr(kStamp + 1, kHash);
  if (!ParseFileStamp(stamp))
    return refuse("predictions files are named <YYYYMMDDTHHMMSSZ>-<16 hex digits>.jsonl.zst");
  if (!IsLowerHex(hash))
    return refuse("predictions files are named <YYYYMMDDTHHMMSSZ>-<16 hex digits>.jsonl.zst");
  parts.stamp = std::string(stamp);
  parts.hash = std::string(hash);
  return parts;
}

std::string PredictionsContentHash(std::string_view text) { return Sha256Hex(text).substr(0, 16); }

namespace {

Status AsCorrupt(const Status& s) { return s.ok() ? s : Status::Corrupt(s.message()); }

Result<std::vector<Prediction>> DecodeText(std::string_view path, std::string_view text) {
  std::vector<Prediction> out;
  const std::string where(path);
  size_t n = 0;
  for (std::string_view line : Lines(text)) {
    ++n;
    Result<Prediction> p = DecodePredictionLine(line, where + ":" + std::to_string(n));
    if (!p.ok()) return AsCorrupt(p.status());
    if (!p->model.empty())
      return Status::Corrupt(where + ":" + std::to_string(n) +
                             ": field \"model\" does not belong in a stored file (the folder "
                             "names the model)");
    out.push_back(std::move(*p));
  }
  return out;
}

}  // namespace

Result<std::vector<Prediction>> DecodePredictionsFile(std::string_view path,
                                                      std::string_view bytes) {
  Result<std::string> text = DecompressFrame(bytes, path);
  if (!text.ok()) return AsCorrupt(text.status());
  return DecodeText(path, *text);
}

Status CheckPredictionsFile(std::string_view path, std::string_view bytes) {
  Result<PredictionsPathParts> parts = ParsePredictionsPath(path);
  if (!parts.ok()) return parts.status();
  Result<std::string> text = DecompressFrame(bytes, path);
  if (!text.ok()) return AsCorrupt(text.status());
  if (PredictionsContentHash(*text) != parts->hash)
    return Status::Corrupt(std::string(path) +
                           ": its content does not match the hash in its name");
  return DecodeText(path, *text).status();
}

}  // namespace taxa::core
