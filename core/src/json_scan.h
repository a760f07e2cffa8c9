// A small, fast scanner for the JSON Lines that Taxa reads by the million
// (items, label events). It decodes strings and unsigned integers, skips any
// other value, and reports failure by returning false; callers then say "not
// valid JSON" or fall back to a full parser for the rare hand-written forms.
//
// What it accepts is JSON (RFC 8259) and reads as nlohmann's parser reads
// it; tests/fuzz/json_scan_fuzz.cpp holds it to that, with these exceptions:
//  - It does not check UTF-8: a string's bytes pass as they are. Callers run
//    IsValidUtf8 over the whole line first, one pass instead of one per string.
//  - A number is checked against the grammar, never converted, so one beyond
//    a double (1e999) is skipped where nlohmann refuses it: the grammar allows
//    it, and no caller needs the value of a number it skips.
//  - Stricter than nlohmann: at most kMaxDepth nested arrays and objects in
//    one SkipValue (hostile nesting would recurse without bound), and a NUL
//    byte or a byte order mark is an error (nlohmann takes a NUL for the end
//    of the input and skips a leading mark).
//  - ForEachMember reports a key each time it appears; the caller decides
//    what a repeated key means (nlohmann keeps the last value).
//
// Every reader takes the text and a position `pos`, skips space before what
// it reads, and on success leaves `pos` just after it. On failure `pos` is
// at the byte where the text stops being what was expected (the size of the
// text when it ends too early; the backslash of a bad escape; the '[' or '{'
// one level too deep), so a caller can say where a line went wrong.
#pragma once

#include <cstdint>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace taxa::core::json_scan {

// The deepest nesting of arrays and objects SkipValue accepts.
inline constexpr int kMaxDepth = 64;

inline void SkipSpace(std::string_view s, size_t& pos) {
  while (pos < s.size() && (s[pos] == ' ' || s[pos] == '\t' || s[pos] == '\n' || s[pos] == '\r'))
    ++pos;
}

inline bool Expect(std::string_view s, size_t& pos, char c) {
  SkipSpace(s, pos);
  if (pos >= s.size() || s[pos] != c) return false;
  ++pos;
  return true;
}

inline int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

inline bool ReadHex4(std::string_view s, size_t pos, uint32_t& out) {
  if (pos + 4 > s.size()) return false;
  out = 0;
  for (size_t i = 0; i < 4; ++i) {
    int d = HexDigit(s[pos + i]);
    if (d < 0) return false;
    out = out * 16 + static_cast<uint32_t>(d);
  }
  return true;
}

inline void AppendUtf8(std::string& out, uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

// Reads a string literal at `pos` (after optional space) into `out`.
inline bool ReadString(std::string_view s, size_t& pos, std::string& out) {
  SkipSpace(s, pos);
  if (pos >= s.size() || s[pos] != '"') return false;
  ++pos;
  out.clear();
  size_t run = pos;
  while (pos < s.size()) {
    char c = s[pos];
    if (c == '"') {
      out.append(s.data() + run, pos - run);
      ++pos;
      return true;
    }
    if (static_cast<unsigned char>(c) < 0x20) return false;
    if (c != '\\') {
      ++pos;
      continue;
    }
    out.append(s.data() + run, pos - run);
    const size_t escape = pos;
    auto bad_escape = [&] {
      pos = escape;
      return false;
    };
    if (++pos >= s.size()) return false;  // the text ends too early
    switch (s[pos]) {
      case '"': out += '"'; break;
      case '\\': out += '\\'; break;
      case '/': out += '/'; break;
      case 'b': out += '\b'; break;
      case 'f': out += '\f'; break;
      case 'n': out += '\n'; break;
      case 'r': out += '\r'; break;
      case 't': out += '\t'; break;
      case 'u': {
        uint32_t cp;
        if (!ReadHex4(s, pos + 1, cp)) return bad_escape();
        pos += 4;
        if (cp >= 0xD800 && cp <= 0xDBFF) {  // a surrogate pair
          uint32_t lo;
          if (pos + 2 >= s.size() || s[pos + 1] != '\\' || s[pos + 2] != 'u' ||
              !ReadHex4(s, pos + 3, lo) || lo < 0xDC00 || lo > 0xDFFF)
            return bad_escape();
          pos += 6;
          cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
        } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
          return bad_escape();  // a low surrogate alone
        }
        AppendUtf8(out, cp);
        break;
      }
      default: return bad_escape();
    }
    run = ++pos;
  }
  return false;
}

// Reads an unsigned integer at `pos` (after optional space): digits without
// a sign, a leading zero, a fraction or an exponent, at most 2^64-1. Leaves
// `pos` after the digits; the caller checks what follows them.
inline bool ReadUint(std::string_view s, size_t& pos, uint64_t& out) {
  SkipSpace(s, pos);
  size_t start = pos;
  out = 0;
  while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
    uint64_t d = static_cast<uint64_t>(s[pos] - '0');
    if (out > (UINT64_MAX - d) / 10) return false;
    out = out * 10 + d;
    ++pos;
  }
  if (pos == start) return false;
  if (s[start] == '0' && pos - start > 1) {  // 007 is not JSON
    pos = start + 1;
    return false;
  }
  // A fraction or exponent means it was not an unsigned integer.
  return pos >= s.size() || (s[pos] != '.' && s[pos] != 'e' && s[pos] != 'E');
}

// Skips a number as RFC 8259 spells it: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?
inline bool SkipNumber(std::string_view s, size_t& pos) {
  auto digit = [&](size_t p) { return p < s.size() && s[p] >= '0' && s[p] <= '9'; };
  if (pos < s.size() && s[pos] == '-') ++pos;
  if (!digit(pos)) return false;
  if (s[pos] == '0') {
    ++pos;
  } else {
    while (digit(pos)) ++pos;
  }
  if (pos < s.size() && s[pos] == '.') {
    if (!digit(++pos)) return false;
    while (digit(pos)) ++pos;
  }
  if (pos < s.size() && (s[pos] == 'e' || s[pos] == 'E')) {
    ++pos;
    if (pos < s.size() && (s[pos] == '+' || s[pos] == '-')) ++pos;
    if (!digit(pos)) return false;
    while (digit(pos)) ++pos;
  }
  // A number ends at a structural character or space, never at a letter.
  return pos >= s.size() || s[pos] == ',' || s[pos] == '}' || s[pos] == ']' || s[pos] == ' ' ||
         s[pos] == '\t' || s[pos] == '\n' || s[pos] == '\r';
}

// Skips one value of any kind (after optional space). False when it is not
// JSON or nests more than kMaxDepth arrays and objects; `depth` is how deep
// the value already sits (the recursion's own count).
inline bool SkipValue(std::string_view s, size_t& pos, int depth = 0) {
  SkipSpace(s, pos);
  if (pos >= s.size()) return false;
  char c = s[pos];
  if (c == '"') {
    std::string scratch;
    return ReadString(s, pos, scratch);
  }
  if (c == '{' || c == '[') {
    if (depth >= kMaxDepth) return false;
    char close = c == '{' ? '}' : ']';
    ++pos;
    SkipSpace(s, pos);
    if (pos < s.size() && s[pos] == close) {
      ++pos;
      return true;
    }
    for (;;) {
      if (c == '{') {
        std::string key;
        if (!ReadString(s, pos, key) || !Expect(s, pos, ':')) return false;
      }
      if (!SkipValue(s, pos, depth + 1)) return false;
      SkipSpace(s, pos);
      if (pos >= s.size()) return false;
      if (s[pos] == ',') {
        ++pos;
        continue;
      }
      if (s[pos] != close) return false;
      ++pos;
      return true;
    }
  }
  for (std::string_view lit : {"true", "false", "null"}) {
    if (c != lit.front()) continue;
    size_t end = pos;
    while (end < s.size() && end - pos < lit.size() && s[end] == lit[end - pos]) ++end;
    // "nul" stops being null at its end, "truer" at the 'r' after the literal.
    const bool whole =
        end - pos == lit.size() && !(end < s.size() && s[end] >= 'a' && s[end] <= 'z');
    pos = end;
    return whole;
  }
  return SkipNumber(s, pos);
}

enum class ArrayRead { kOk, kNotAnArray, kNotAString, kBadSyntax };

// Reads an array of strings at `pos` into `out` (appending).
inline ArrayRead ReadStringArray(std::string_view s, size_t& pos, std::vector<std::string>& out) {
  SkipSpace(s, pos);
  if (pos >= s.size() || s[pos] != '[') return ArrayRead::kNotAnArray;
  ++pos;
  SkipSpace(s, pos);
  if (pos < s.size() && s[pos] == ']') {
    ++pos;
    return ArrayRead::kOk;
  }
  for (std::string v;;) {
    if (!ReadString(s, pos, v)) return ArrayRead::kNotAString;
    out.push_back(v);
    SkipSpace(s, pos);
    if (pos < s.size() && s[pos] == ',') {
      ++pos;
      continue;
    }
    return Expect(s, pos, ']') ? ArrayRead::kOk : ArrayRead::kBadSyntax;
  }
}

// Calls on_key(key, pos) for each member of the object at `pos`; on_key must
// consume the value (ReadString, SkipValue, ...) and return false on error.
template <typename OnKey>
bool ForEachMember(std::string_view s, size_t& pos, OnKey&& on_key) {
  if (!Expect(s, pos, '{')) return false;
  SkipSpace(s, pos);
  if (pos < s.size() && s[pos] == '}') {
    ++pos;
    return true;
  }
  std::string key;
  for (;;) {
    if (!ReadString(s, pos, key) || !Expect(s, pos, ':')) return false;
    if (!on_key(key, pos)) return false;
    SkipSpace(s, pos);
    if (pos >= s.size()) return false;
    if (s[pos] == ',') {
      ++pos;
      continue;
    }
    if (s[pos] != '}') return false;
    ++pos;
    return true;
  }
}

// Moves `pos` to the '{' that opens the line's object. Returns nullptr when
// it is there, else what is wrong with the line: "expected a JSON object"
// when the whole line is one other JSON value, "not valid JSON" otherwise.
inline const char* FindObjectStart(std::string_view s, size_t& pos) {
  SkipSpace(s, pos);
  if (pos < s.size() && s[pos] == '{') return nullptr;
  size_t end = pos;
  if (pos < s.size() && SkipValue(s, end)) {
    SkipSpace(s, end);
    if (end == s.size()) return "expected a JSON object";
  }
  return "not valid JSON";
}

// True when the object text is exactly what nlohmann's compact dump of it
// would be: no space between tokens, keys sorted byte-wise at every level, no
// escapes, no fractions or exponents, and integers that nlohmann holds as
// integers (from -2^63 to 2^64-1; beyond, it holds a double and writes one).
// Such text can be kept verbatim.
// REQUIRES: `s` is valid JSON (the caller scanned it with SkipValue).
inline bool IsCanonicalObject(std::string_view s) {
  if (s.empty() || s.front() != '{') return false;
  struct Level {
    bool has_key = false;
    std::string_view last;
  };
  Level stack[kMaxDepth];
  int depth = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == '{' || c == '[') {
      if (depth == kMaxDepth) return false;
      stack[depth++] = Level{};
    } else if (c == '}' || c == ']') {
      if (depth == 0) return false;
      --depth;
      if (depth == 0 && i + 1 != s.size()) return false;
    } else if (c == ',' || c == ':') {
      continue;
    } else if (c == '"') {
      size_t end = s.find('"', i + 1);
      if (end == std::string_view::npos) return false;
      std::string_view text = s.substr(i + 1, end - i - 1);
      if (text.find('\\') != std::string_view::npos) return false;
      if (end + 1 < s.size() && s[end + 1] == ':' && depth > 0) {
        Level& level = stack[depth - 1];
        if (level.has_key && level.last >= text) return false;
        level.has_key = true;
        level.last = text;
      }
      i = end;
    } else if (c == 't' || c == 'f' || c == 'n') {
      while (i + 1 < s.size() && s[i + 1] >= 'a' && s[i + 1] <= 'z') ++i;
    } else if (c == '-' || (c >= '0' && c <= '9')) {
      const bool negative = c == '-';
      const size_t digits = negative ? i + 1 : i;
      while (i + 1 < s.size() && s[i + 1] >= '0' && s[i + 1] <= '9') ++i;
      if (i + 1 < s.size() && (s[i + 1] == '.' || s[i + 1] == 'e' || s[i + 1] == 'E'))
        return false;
      // Valid JSON has no leading zeros, so the length and then the text
      // order the magnitudes.
      std::string_view magnitude = s.substr(digits, i + 1 - digits);
      std::string_view limit = negative ? "9223372036854775808" : "18446744073709551615";
      if (negative && magnitude == "0") return false;  // -0 is written 0
      if (magnitude.size() > limit.size() ||
          (magnitude.size() == limit.size() && magnitude > limit))
        return false;
    } else {
      return false;
    }
  }
  return depth == 0;
}

// True when `s` is well-formed UTF-8 (no overlongs, no surrogates).
inline bool IsValidUtf8(std::string_view s) {
  size_t i = 0;
  const size_t n = s.size();
  while (i < n) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      ++i;
      continue;
    }
    size_t len;
    uint32_t cp;
    if ((c & 0xE0) == 0xC0) {
      len = 2;
      cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      len = 3;
      cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      len = 4;
      cp = c & 0x07;
    } else {
      return false;
    }
    if (i + len > n) return false;
    for (size_t k = 1; k < len; ++k) {
      auto cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (cc & 0x3F);
    }
    if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
        cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
      return false;
    i += len;
  }
  return true;
}

// Reads the string array of the member `key` at `pos` into `out`. On
// failure returns false with `error` saying what is wrong with the field
// (left empty for broken syntax, which the caller reports as "not valid JSON").
inline bool ReadStringListField(std::string_view s, size_t& pos, const std::string& key,
                                std::vector<std::string>& out, std::string& error) {
  switch (ReadStringArray(s, pos, out)) {
    case ArrayRead::kOk: return true;
    case ArrayRead::kNotAnArray: error = "field \"" + key + "\" must be an array"; break;
    case ArrayRead::kNotAString: error = "field \"" + key + "\" must hold only strings"; break;
    case ArrayRead::kBadSyntax: break;
  }
  return false;
}

// Reads `line` as one record of JSON Lines (an immutable, hashed record such
// as a label or review event): valid UTF-8, one object and nothing after it.
// Calls on_member(key, pos, error) for each member, which must consume the
// value and return false on error, setting `error` to what is wrong with the
// field (or leaving it empty for broken syntax). A key given twice is refused
// (JSON readers disagree on which one counts). Every key read is added to
// `seen`. Returns "" when the line reads, else what is wrong with it.
template <typename OnMember>
std::string ReadRecord(std::string_view line, std::set<std::string>& seen, OnMember&& on_member) {
  if (!IsValidUtf8(line)) return "not valid UTF-8";
  size_t pos = 0;
  if (const char* wrong = FindObjectStart(line, pos)) return wrong;
  std::string error;
  bool parsed = ForEachMember(line, pos, [&](const std::string& key, size_t& p) -> bool {
    if (!seen.insert(key).second) {
      error = "field \"" + key + "\" is given twice";
      return false;
    }
    return on_member(key, p, error);
  });
  if (parsed) {
    SkipSpace(line, pos);
    parsed = pos == line.size();
  }
  if (!error.empty()) return error;
  return parsed ? std::string() : std::string("not valid JSON");
}

}  // namespace taxa::core::json_scan
