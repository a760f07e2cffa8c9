// Shared by the libFuzzer targets of tests/fuzz (one *_fuzz.cpp per decoder)
// and by the replay test that feeds their kept corpus and crashes to them in
// the normal suite.
//
// A target is a plain libFuzzer entry point that calls the real decoder and
// then checks what it returned against an independent reading of the same
// bytes (nlohmann's parser, an encoder round trip, a documented property):
//
//   extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
//     std::string_view text = taxa::fuzz::Text(data, size);
//     Result<LabelEvent> e = DecodeEventLine(text, "f:1");
//     FUZZ_CHECK(!e.ok() || DecodeEventLine(EncodeEventLine(*e), "f:1").ok(), "round trip");
//     return 0;
//   }
//
// A failed check prints what went wrong and aborts (libFuzzer keeps the input
// as a crash); under the replay test it throws FuzzFailure instead, so one
// broken input fails one test and names its file.
#pragma once

#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace taxa::fuzz {

struct FuzzFailure : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Set by the replay test: failed checks throw FuzzFailure rather than abort.
inline bool& ThrowOnFailure() {
  static bool throw_on_failure = false;
  return throw_on_failure;
}

[[noreturn]] inline void Fail(const char* file, int line, const std::string& what) {
  std::string message = std::string(file) + ":" + std::to_string(line) + ": " + what;
  if (ThrowOnFailure()) throw FuzzFailure(message);
  std::fprintf(stderr, "fuzz check failed: %s\n", message.c_str());
  std::abort();
}

// Checks `cond`; `what` (a std::string expression) is built only on failure.
#define FUZZ_CHECK(cond, what)                                                                     \
  do {                                                                                             \
    if (!(cond))                                                                                   \
      ::taxa::fuzz::Fail(__FILE__, __LINE__, std::string(#cond) + " (" + std::string(what) + ")"); \
  } while (0)

inline std::string_view Text(const uint8_t* data, size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

// The separator of inputs made of several parts (two sides of a merge, the
// files of a taxonomy): a line of its own, so corpus files stay readable.
inline constexpr std::string_view kPartSeparator = "\n~~~~\n";

inline std::vector<std::string_view> SplitParts(std::string_view text) {
  std::vector<std::string_view> parts;
  for (;;) {
    size_t at = text.find(kPartSeparator);
    parts.push_back(text.substr(0, at));
    if (at == std::string_view::npos) return parts;
    text.remove_prefix(at + kPartSeparator.size());
  }
}

// A folder of this process for targets that read files (the journal, bundle
// headers), removed at exit: under $TAXA_FUZZ_SCRATCH when set (the fuzz
// command sets it, and removes what a crash leaves), else in /dev/shm when
// there is one, so fsync costs nothing, else under $TMPDIR.
inline const std::string& ScratchDir() {
  // Never destroyed: the exit handler below runs after static destructors.
  static const std::string* const dir = new std::string([] {
    const char* chosen = std::getenv("TAXA_FUZZ_SCRATCH");
    std::string base = chosen != nullptr && *chosen != '\0' ? chosen : "/dev/shm";
    if (::access(base.c_str(), W_OK) != 0) {
      const char* tmp = std::getenv("TMPDIR");
      base = tmp != nullptr && *tmp != '\0' ? tmp : "/tmp";
    }
    std::string templ = base + "/taxa-fuzz.XXXXXX";
    if (::mkdtemp(templ.data()) == nullptr) {
      std::perror("taxa fuzz: mkdtemp");
      std::abort();
    }
    std::atexit([] {
      std::error_code ec;
      std::filesystem::remove_all(ScratchDir(), ec);
    });
    return templ;
  }());
  return *dir;
}

// What an independent parser (nlohmann's, through its SAX interface) says of
// a text, held to RFC 8259: the grammar decides, not the range of a double.
struct JsonFacts {
  bool valid = false;     // one JSON value, optionally surrounded by space
  bool overflow = false;  // it holds a number beyond a double (nlohmann alone rejects those)
  int depth = 0;          // the deepest nesting of arrays and objects (0 for a scalar)
  // JSON pointers of the members whose key appears twice in their object:
  // "/id" for the top-level object's "id", "/media/path" inside its "media",
  // "/*/x" for "x" in an object that is an element of an array.
  std::set<std::string> repeated;
  nlohmann::json value;  // when valid; numbers beyond a double read as 0
};

namespace detail {

class FactsSax final : public nlohmann::json::json_sax_t {
 public:
  explicit FactsSax(JsonFacts& facts) : facts_(facts) {}

  bool null() override { return true; }
  bool boolean(bool) override { return true; }
  bool number_integer(number_integer_t) override { return true; }
  bool number_unsigned(number_unsigned_t) override { return true; }
  bool number_float(number_float_t, const string_t&) override { return true; }
  bool string(string_t&) override { return true; }
  bool binary(binary_t&) override { return true; }
  bool start_object(std::size_t) override { return Open(true); }
  bool key(string_t& key) override {
    Level& level = levels_.back();
    if (!level.keys.insert(key).second) facts_.repeated.insert(level.pointer + "/" + Escape(key));
    level.last_key = key;
    return true;
  }
  bool end_object() override { return Close(); }
  bool start_array(std::size_t) override { return Open(false); }
  bool end_array() override { return Close(); }
  bool parse_error(std::size_t position, const std::string& token,
                   const nlohmann::detail::exception& e) override {
    error_id = e.id;
    error_position = position;
    error_token = token;
    return false;
  }

  int error_id = 0;
  size_t error_position = 0;
  std::string error_token;

 private:
  struct Level {
    bool object = false;
    std::string pointer;
    std::set<std::string> keys;
    std::string last_key;
  };

  static std::string Escape(const std::string& key) {
    std::string out;
    for (char c : key) out += c == '~' ? "~0" : c == '/' ? "~1" : std::string(1, c);
    return out;
  }

  bool Open(bool object) {
    std::string pointer;
    if (!levels_.empty()) {
      const Level& parent = levels_.back();
      pointer = parent.pointer + "/" + (parent.object ? Escape(parent.last_key) : "*");
    }
    levels_.push_back(Level{object, std::move(pointer), {}, {}});
    facts_.depth = std::max(facts_.depth, static_cast<int>(levels_.size()));
    return true;
  }
  bool Close() {
    levels_.pop_back();
    return true;
  }

  JsonFacts& facts_;
  std::vector<Level> levels_;
};

}  // namespace detail

// `skip_bom`: a leading UTF-8 byte order mark is skipped (RFC 8259 lets a
// parser do so; the scanner does not, the decoders over nlohmann's DOM do).
inline JsonFacts ReadJson(std::string_view text, bool skip_bom = false) {
  JsonFacts facts;
  constexpr std::string_view kBom = "\xEF\xBB\xBF";
  if (skip_bom && text.starts_with(kBom)) text.remove_prefix(kBom.size());
  // nlohmann stops at a NUL byte as at the end of the input and skips a
  // leading byte order mark; take neither from it.
  if (text.find('\0') != std::string_view::npos || text.starts_with(kBom)) return facts;
  std::string rewritten(text);
  for (;;) {
    facts.depth = 0;
    facts.repeated.clear();
    detail::FactsSax sax(facts);
    if (nlohmann::json::sax_parse(rewritten, &sax)) break;
    // 406: a number too large for a double. It is valid JSON; read it as 0
    // (position is the end of the token) and parse again. The space keeps
    // what followed the token apart from the 0 ("1e999e1" stays invalid).
    const std::string& token = sax.error_token;
    if (sax.error_id != 406 || token.empty() || sax.error_position < token.size() ||
        rewritten.compare(sax.error_position - token.size(), token.size(), token) != 0)
      return facts;
    rewritten.replace(sax.error_position - token.size(), token.size(), "0 ");
    facts.overflow = true;
  }
  facts.valid = true;
  facts.value = nlohmann::json::parse(rewritten);
  return facts;
}

// True when the object at JSON pointer `object` ("" for the top level)
// repeats a key.
inline bool RepeatsIn(const JsonFacts& facts, std::string_view object) {
  for (const std::string& member : facts.repeated) {
    if (!member.starts_with(object) || member.size() <= object.size()) continue;
    std::string_view rest = std::string_view(member).substr(object.size());
    if (rest.front() == '/' && rest.find('/', 1) == std::string_view::npos) return true;
  }
  return false;
}

}  // namespace taxa::fuzz
